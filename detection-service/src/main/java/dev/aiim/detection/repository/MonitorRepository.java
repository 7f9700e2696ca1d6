package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.detection.domain.monitor.Hysteresis;
import dev.aiim.detection.domain.monitor.MonitorKind;
import dev.aiim.detection.domain.monitor.MonitorResult;
import dev.aiim.detection.domain.monitor.MonitorRun;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * The monitors' own tables: settings, the reference window, the schedule replicas claim work from, each
 * monitor's state, and the record of checks. Reactive SQL client throughout, like the intake.
 */
@ApplicationScoped
public class MonitorRepository {

    private final Pool pool;

    public MonitorRepository(Pool pool) {
        this.pool = pool;
    }

    /** The registered system, read on the pool so that workers outside a request can use it too. */
    public Uni<Optional<AiSystem>> system(String systemId) {
        return pool.preparedQuery("select data::text from ai_system where system_id = $1")
                .execute(Tuple.of(systemId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(EventJson.read(rows.iterator().next().getString(0), AiSystem.class)));
    }

    // --- Settings

    /** Stored settings as JSON, with their version; empty when the system uses the defaults. */
    public record StoredSettings(long version, String json, Instant updatedAt, String updatedBy) {
    }

    public Uni<Optional<StoredSettings>> settings(String systemId) {
        return pool.preparedQuery("select version, data::text, updated_at, updated_by from monitor_settings"
                        + " where system_id = $1")
                .execute(Tuple.of(systemId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
                        new StoredSettings(r.getLong(0), r.getString(1), r.getOffsetDateTime(2).toInstant(),
                                r.getString(3))));
    }

    public Uni<StoredSettings> saveSettings(String systemId, String json, String by, Instant at) {
        return pool.preparedQuery("insert into monitor_settings (system_id, version, data, updated_at, updated_by)"
                        + " values ($1, 1, $2::text::jsonb, $3, $4) on conflict (system_id) do update set"
                        + " version = monitor_settings.version + 1, data = excluded.data,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by returning version")
                .execute(Tuple.of(systemId, json, utc(at), by))
                .map(rows -> new StoredSettings(rows.iterator().next().getLong(0), json, at, by));
    }

    // --- Reference window

    /** The reference's description; {@code records} is filled only when asked for. */
    public record Reference(long version, String source, @Nullable Instant from, @Nullable Instant to, int size,
                            int labelled, Instant setAt, String setBy, @Nullable List<PredictionRecord> records) {
    }

    public Uni<Optional<Reference>> reference(String systemId, boolean withRecords) {
        return pool.preparedQuery("select version, source, window_from, window_to, records, labelled, set_at, set_by"
                        + (withRecords ? ", body" : "") + " from reference_window where system_id = $1")
                .execute(Tuple.of(systemId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
                        new Reference(r.getLong(0), r.getString(1), instant(r, 2), instant(r, 3), r.getInteger(4),
                                r.getInteger(5), instant(r, 6), r.getString(7),
                                withRecords ? PredictionCodec.read(r.getBuffer(8).getBytes()) : null)));
    }

    public Uni<Reference> saveReference(String systemId, String source, @Nullable Instant from, @Nullable Instant to,
                                        List<PredictionRecord> records, String by, Instant at) {
        int labelled = (int) records.stream().filter(r -> r.label() != null).count();
        // the reference replaced is kept under its version: detections judged against it may be evidence
        return pool.withTransaction(c -> c.preparedQuery("insert into reference_history (system_id, version, source,"
                        + " window_from, window_to, records, labelled, body, set_at, set_by, replaced_at)"
                        + " select system_id, version, source, window_from, window_to, records, labelled, body, set_at,"
                        + " set_by, $2 from reference_window where system_id = $1 on conflict do nothing")
                .execute(Tuple.of(systemId, utc(at)))
                .chain(() -> c.preparedQuery("insert into reference_window (system_id, version, source, window_from,"
                        + " window_to, records, labelled, body, set_at, set_by)"
                        + " values ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9)"
                        + " on conflict (system_id) do update set version = reference_window.version + 1,"
                        + " source = excluded.source, window_from = excluded.window_from, window_to = excluded.window_to,"
                        + " records = excluded.records, labelled = excluded.labelled, body = excluded.body,"
                        + " set_at = excluded.set_at, set_by = excluded.set_by returning version")
                .execute(Tuple.from(Arrays.asList(systemId, source, from == null ? null : utc(from),
                        to == null ? null : utc(to), records.size(), labelled, Buffer.buffer(PredictionCodec.write(records)),
                        utc(at), by))))
                .map(rows -> new Reference(rows.iterator().next().getLong(0), source, from, to, records.size(), labelled,
                        at, by, null)));
    }

    // --- Schedule

    /** Every registered system gets a schedule row the first time the scheduler sees it; its first checks are due at once. */
    public Uni<Void> scheduleNewSystems(Instant now) {
        return pool.preparedQuery("insert into monitor_schedule (system_id, next_evaluation_at, next_proactive_at)"
                        + " select system_id, $1, $1 from ai_system on conflict (system_id) do nothing")
                .execute(Tuple.of(utc(now)))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} systems whose evaluation ({@code proactive} false) or proactive check is due,
     * leasing them until {@code leaseUntil}; a replica that dies mid-evaluation leaves them to be claimed
     * again when the lease ends.
     */
    public Uni<List<String>> claimDue(boolean proactive, Instant now, Instant leaseUntil, int limit) {
        String column = proactive ? "next_proactive_at" : "next_evaluation_at";
        return pool.preparedQuery("update monitor_schedule set " + column + " = $2 where system_id in (select system_id"
                        + " from monitor_schedule where " + column + " <= $1 order by " + column
                        + " limit $3 for update skip locked) returning system_id")
                .execute(Tuple.of(utc(now), utc(leaseUntil), limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    public Uni<Void> scheduleNext(String systemId, boolean proactive, Instant next) {
        String column = proactive ? "next_proactive_at" : "next_evaluation_at";
        return pool.preparedQuery("update monitor_schedule set " + column + " = $2 where system_id = $1")
                .execute(Tuple.of(systemId, utc(next)))
                .replaceWithVoid();
    }

    public Uni<Optional<Instant>> nextProactive(String systemId) {
        return pool.preparedQuery("select next_proactive_at from monitor_schedule where system_id = $1")
                .execute(Tuple.of(systemId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(instant(rows.iterator().next(), 0)));
    }

    // --- States

    /** Serialises evaluations of one system across replicas and requests, until the transaction ends. */
    public Uni<Void> lockSystem(SqlClient connection, String systemId) {
        return connection.preparedQuery("select pg_advisory_xact_lock(hashtextextended('monitors:' || $1, 0))")
                .execute(Tuple.of(systemId))
                .replaceWithVoid();
    }

    public Uni<Map<String, MonitorRun.State>> states(SqlClient connection, String systemId) {
        return connection.preparedQuery("select monitor_key, monitor, subject, raised, breaches, healthy, verdict, metric,"
                        + " value, threshold, evidence::text, evaluated_at, changed_at, detection_id, correlation_key,"
                        + " category from monitor_state where system_id = $1 order by monitor_key")
                .execute(Tuple.of(systemId))
                .map(rows -> {
                    Map<String, MonitorRun.State> states = new LinkedHashMap<>();
                    for (Row r : rows) {
                        MonitorKind monitor = MonitorKind.valueOf(r.getString(1));
                        // A stored state keeps counts, not limits: those come from the settings at each evaluation.
                        Hysteresis hysteresis = new Hysteresis(1, 1, r.getBoolean(3),
                                r.getInteger(4), r.getInteger(5));
                        @SuppressWarnings("unchecked")
                        Map<String, Object> evidence = EventJson.read(r.getString(10), Map.class);
                        MonitorResult last = new MonitorResult(monitor, r.getString(2),
                                Hysteresis.Verdict.valueOf(r.getString(6)), r.getString(7), number(r, 8), number(r, 9),
                                evidence);
                        String category = r.getString(15);
                        states.put(r.getString(0), new MonitorRun.State(r.getString(0), monitor, r.getString(2),
                                hysteresis, last, instant(r, 11), instant(r, 12), r.getString(13), r.getString(14),
                                category == null ? null : IncidentCategory.valueOf(category)));
                    }
                    return states;
                });
    }

    public Uni<Void> saveStates(SqlClient connection, String systemId, List<MonitorRun.State> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into monitor_state (system_id, monitor_key, monitor, subject, raised,"
                        + " breaches, healthy, verdict, metric, value, threshold, evidence, evaluated_at, changed_at,"
                        + " detection_id, correlation_key, category) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                        + " $11, $12::text::jsonb, $13, $14, $15, $16, $17) on conflict (system_id, monitor_key) do update"
                        + " set raised = excluded.raised, breaches = excluded.breaches, healthy = excluded.healthy,"
                        + " verdict = excluded.verdict, metric = excluded.metric, value = excluded.value,"
                        + " threshold = excluded.threshold, evidence = excluded.evidence,"
                        + " evaluated_at = excluded.evaluated_at, changed_at = excluded.changed_at,"
                        + " detection_id = excluded.detection_id, correlation_key = excluded.correlation_key,"
                        + " category = excluded.category")
                .executeBatch(states.stream().map(s -> Tuple.from(Arrays.asList(systemId, s.key(), s.monitor().name(),
                        s.subject(), s.raised(), s.hysteresis().breaches(), s.hysteresis().healthy(),
                        s.last().verdict().name(), s.last().metric(), MonitorRun.finite(s.last().value()),
                        MonitorRun.finite(s.last().threshold()), EventJson.write(s.last().evidence()),
                        utc(s.evaluatedAt()), utc(s.changedAt()), s.detectionId(), s.correlationKey(),
                        s.category() == null ? null : s.category().name()))).toList())
                .replaceWithVoid();
    }

    // --- Checks

    /** One evaluation as recorded: what was looked at and what every monitor said. */
    public record Check(long id, String systemId, String kind, Instant checkedAt, @Nullable Instant windowFrom,
                        @Nullable Instant windowTo, int records, int breaches, int raised, int cleared,
                        Object results) {
    }

    public Uni<Long> recordCheck(SqlClient connection, Check check) {
        return connection.preparedQuery("insert into monitor_check (system_id, kind, checked_at, window_from, window_to,"
                        + " records, breaches, raised, cleared, results) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10::text::jsonb) returning check_id")
                .execute(Tuple.from(Arrays.asList(check.systemId(), check.kind(), utc(check.checkedAt()),
                        check.windowFrom() == null ? null : utc(check.windowFrom()),
                        check.windowTo() == null ? null : utc(check.windowTo()), check.records(), check.breaches(),
                        check.raised(), check.cleared(), EventJson.write(check.results()))))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The latest checks, newest first; {@code kind} null for every kind. */
    public Uni<List<Check>> checks(String systemId, @Nullable String kind, int limit) {
        return pool.preparedQuery("select check_id, system_id, kind, checked_at, window_from, window_to, records,"
                        + " breaches, raised, cleared, results::text from monitor_check where system_id = $1"
                        + " and ($2::text is null or kind = $2) order by checked_at desc, check_id desc limit $3")
                .execute(Tuple.of(systemId, kind, limit))
                .map(rows -> {
                    List<Check> checks = new ArrayList<>();
                    for (Row r : rows) {
                        checks.add(new Check(r.getLong(0), r.getString(1), r.getString(2), instant(r, 3), instant(r, 4),
                                instant(r, 5), r.getInteger(6), r.getInteger(7), r.getInteger(8), r.getInteger(9),
                                EventJson.read(r.getString(10), Object.class)));
                    }
                    return checks;
                });
    }

    private static Instant instant(Row row, int column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static double number(Row row, int column) {
        Double value = row.getDouble(column);
        return value == null ? Double.NaN : value;
    }
}
