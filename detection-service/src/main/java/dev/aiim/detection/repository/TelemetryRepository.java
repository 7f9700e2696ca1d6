package dev.aiim.detection.repository;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.monitor.BurnRate;
import dev.aiim.detection.domain.monitor.OperationalMonitors.ErrorWindows;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * Model telemetry on the reactive SQL client: predictions stored per accepted batch, their ids (for
 * retries and labels), labels, and per-minute counts for the error-rate windows. A batch costs four
 * statements whatever its size. Writes run on the caller's connection, inside its transaction.
 */
@ApplicationScoped
public class TelemetryRepository {

    private final Pool pool;

    public TelemetryRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The ids of a batch that the system sent before (a retried batch has them all); the caller leaves those
     * out. Looked up first and the rest inserted plainly ({@link #insertIds}): "on conflict do nothing" on
     * 10,000 rows cost twice as much. Two requests racing with the same new ids make the second fail on the
     * primary key ({@link dev.aiim.platform.persistence.UniqueViolation}); its caller retries, and then finds them stored.
     */
    public Uni<Set<String>> knownIds(SqlClient connection, String systemId, List<PredictionRecord> records) {
        String[] ids = new String[records.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = records.get(i).id();
        }
        return connection.preparedQuery("select p.prediction_id from unnest($2::varchar[]) as t(id)"
                        + " join prediction p on p.system_id = $1 and p.prediction_id = t.id")
                .execute(Tuple.of(systemId, ids))
                .map(rows -> {
                    Set<String> known = new HashSet<>(rows.size() * 2);
                    for (Row row : rows) {
                        known.add(row.getString(0));
                    }
                    return known;
                });
    }

    public Uni<Void> insertIds(SqlClient connection, String systemId, List<PredictionRecord> records) {
        String[] ids = new String[records.size()];
        OffsetDateTime[] times = new OffsetDateTime[records.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = records.get(i).id();
            times[i] = utc(records.get(i).timestamp());
        }
        return connection.preparedQuery("insert into prediction (system_id, prediction_id, predicted_at)"
                        + " select $1, id, at from unnest($2::varchar[], $3::timestamptz[]) as t(id, at)")
                .execute(Tuple.of(systemId, ids, times))
                .replaceWithVoid();
    }

    /** Stores the batch as one row; the encoding happens when subscribed, so it can overlap earlier statements. */
    public Uni<Void> storeBatch(SqlClient connection, String systemId, Instant receivedAt, List<PredictionRecord> records) {
        return Uni.createFrom().deferred(() -> {
            Instant first = records.get(0).timestamp();
            Instant last = first;
            for (PredictionRecord r : records) {
                first = r.timestamp().isBefore(first) ? r.timestamp() : first;
                last = r.timestamp().isAfter(last) ? r.timestamp() : last;
            }
            return connection.preparedQuery("insert into prediction_batch (system_id, received_at, first_at, last_at,"
                            + " records, body) values ($1, $2, $3, $4, $5, $6)")
                    .execute(Tuple.from(Arrays.asList(systemId, utc(receivedAt), utc(first), utc(last), records.size(),
                            io.vertx.core.buffer.Buffer.buffer(PredictionCodec.write(records)))))
                    .replaceWithVoid();
        });
    }

    /**
     * Adds the batch to the per-minute counts. Last in the batch's transaction: the upsert locks the minutes'
     * rows until commit, and concurrent batches about the same minutes wait for each other only here.
     */
    public Uni<Void> countMinutes(SqlClient connection, String systemId, List<PredictionRecord> records) {
        Map<Instant, long[]> minutes = new TreeMap<>();
        for (PredictionRecord r : records) {
            long[] c = minutes.computeIfAbsent(r.timestamp().truncatedTo(ChronoUnit.MINUTES), m -> new long[2]);
            c[0]++;
            c[1] += r.error() ? 1 : 0;
        }
        OffsetDateTime[] at = new OffsetDateTime[minutes.size()];
        Long[] counts = new Long[at.length];
        Long[] errors = new Long[at.length];
        int i = 0;
        for (var e : minutes.entrySet()) {
            at[i] = utc(e.getKey());
            counts[i] = e.getValue()[0];
            errors[i++] = e.getValue()[1];
        }
        return connection.preparedQuery("insert into prediction_minute (system_id, minute, records, errors)"
                        + " select $1, m, r, e from unnest($2::timestamptz[], $3::bigint[], $4::bigint[]) as t(m, r, e)"
                        + " on conflict (system_id, minute) do update set records = prediction_minute.records"
                        + " + excluded.records, errors = prediction_minute.errors + excluded.errors")
                .execute(Tuple.of(systemId, at, counts, errors))
                .replaceWithVoid();
    }

    /** Labels the stored predictions named; answers the ids that matched one (a later label replaces an earlier). */
    public Uni<Set<String>> label(SqlClient connection, String systemId, List<String> ids, List<String> labels,
                                  Instant at) {
        return connection.preparedQuery("insert into prediction_label (system_id, prediction_id, predicted_at, label,"
                        + " labelled_at) select p.system_id, p.prediction_id, p.predicted_at, l.label, $4"
                        + " from unnest($2::varchar[], $3::varchar[]) as l(id, label)"
                        + " join prediction p on p.system_id = $1 and p.prediction_id = l.id"
                        + " on conflict (system_id, prediction_id) do update set label = excluded.label,"
                        + " labelled_at = excluded.labelled_at returning prediction_id")
                .execute(Tuple.of(systemId, ids.toArray(String[]::new), labels.toArray(String[]::new), utc(at)))
                .map(rows -> {
                    Set<String> matched = new HashSet<>();
                    for (Row row : rows) {
                        matched.add(row.getString(0));
                    }
                    return matched;
                });
    }

    /**
     * The latest predictions timed in [from, to) ({@code from} null: any time before {@code to}), at most
     * {@code limit} of them, labels joined, oldest first. Whole batches are read newest first until they
     * hold enough records, so a long window of a busy system never reads more than it keeps.
     */
    public Uni<List<PredictionRecord>> window(String systemId, Instant from, Instant to, int limit) {
        return pool.preparedQuery("select batch_id, records from prediction_batch where system_id = $1"
                        + " and ($2::timestamptz is null or last_at >= $2) and first_at < $3 order by last_at desc")
                .execute(Tuple.of(systemId, from == null ? null : utc(from), utc(to)))
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    long total = 0;
                    for (Row row : rows) {
                        if (total >= limit) {
                            break;
                        }
                        ids.add(row.getLong(0));
                        total += row.getInteger(1);
                    }
                    return records(systemId, ids, from, to);
                })
                .map(records -> records.size() > limit ? new ArrayList<>(records.subList(records.size() - limit,
                        records.size())) : records);
    }

    /** A stored batch's place in time, for reading a long range batch by batch. */
    public record BatchSpan(long batchId, Instant firstAt, Instant lastAt, int records) {
    }

    /** The batches holding predictions timed in [from, to), by their first prediction. */
    public Uni<List<BatchSpan>> batches(String systemId, Instant from, Instant to) {
        return pool.preparedQuery("select batch_id, first_at, last_at, records from prediction_batch"
                        + " where system_id = $1 and last_at >= $2 and first_at < $3 order by first_at, batch_id")
                .execute(Tuple.of(systemId, utc(from), utc(to)))
                .map(rows -> {
                    List<BatchSpan> spans = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        spans.add(new BatchSpan(r.getLong(0), r.getOffsetDateTime(1).toInstant(),
                                r.getOffsetDateTime(2).toInstant(), r.getInteger(3)));
                    }
                    return spans;
                });
    }

    /**
     * The predictions of the given batches timed in [from, to) ({@code from} null: any time before), labels
     * joined, oldest first. Decoding is CPU work: it runs off the event loop.
     */
    public Uni<List<PredictionRecord>> records(String systemId, List<Long> batchIds, @Nullable Instant from,
                                               Instant to) {
        return pool.preparedQuery("select body from prediction_batch where batch_id = any($1)")
                .execute(Tuple.of(batchIds.toArray(Long[]::new)))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    List<PredictionRecord> records = new ArrayList<>();
                    for (Row row : rows) {
                        for (PredictionRecord r : PredictionCodec.read(row.getBuffer(0).getBytes())) {
                            if ((from == null || !r.timestamp().isBefore(from)) && r.timestamp().isBefore(to)) {
                                records.add(r);
                            }
                        }
                    }
                    records.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
                    return records;
                })
                .chain(records -> withLabels(systemId, records));
    }

    /** Predictions and errors per minute in [from, to). */
    public Uni<Map<Instant, long[]>> minutes(String systemId, Instant from, Instant to) {
        return pool.preparedQuery("select minute, records, errors from prediction_minute where system_id = $1"
                        + " and minute >= $2 and minute < $3 order by minute")
                .execute(Tuple.of(systemId, utc(from), utc(to)))
                .map(rows -> {
                    Map<Instant, long[]> minutes = new TreeMap<>();
                    for (Row r : rows) {
                        minutes.put(r.getOffsetDateTime(0).toInstant(), new long[] {r.getLong(1), r.getLong(2)});
                    }
                    return minutes;
                });
    }

    /** When the system's newest stored telemetry was received; empty when none is stored. */
    public Uni<Optional<Instant>> lastReceivedAt(String systemId) {
        return pool.preparedQuery("select received_at from prediction_batch where system_id = $1"
                        + " order by received_at desc limit 1")
                .execute(Tuple.of(systemId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime(0).toInstant()));
    }

    /** How many predictions the stored batches overlapping [from, to) hold (an upper bound for the range). */
    public Uni<Long> countAbout(String systemId, Instant from, Instant to) {
        return pool.preparedQuery("select coalesce(sum(records), 0) from prediction_batch where system_id = $1"
                        + " and last_at >= $2 and first_at < $3")
                .execute(Tuple.of(systemId, utc(from), utc(to)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<List<PredictionRecord>> withLabels(String systemId, List<PredictionRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(records);
        }
        Instant from = records.get(0).timestamp();
        Instant to = records.get(records.size() - 1).timestamp();
        return pool.preparedQuery("select prediction_id, label from prediction_label where system_id = $1"
                        + " and predicted_at >= $2 and predicted_at <= $3")
                .execute(Tuple.of(systemId, utc(from), utc(to)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return records;
                    }
                    Map<String, String> labels = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        labels.put(row.getString(0), row.getString(1));
                    }
                    List<PredictionRecord> labelled = new ArrayList<>(records.size());
                    for (PredictionRecord r : records) {
                        String label = labels.get(r.id());
                        labelled.add(label == null ? r : new PredictionRecord(r.id(), r.timestamp(), r.modelVersion(),
                                r.prediction(), r.score(), r.decision(), r.features(), r.groups(), r.latencyMs(),
                                r.error(), label));
                    }
                    return labelled;
                });
    }

    /** Predictions and errors in the four burn-rate windows ending at {@code at}, to the minute. */
    public Uni<ErrorWindows> errorWindows(String systemId, Instant at) {
        return pool.preparedQuery("select"
                        + " coalesce(sum(errors) filter (where minute >= $2::timestamptz - interval '1 hour'), 0),"
                        + " coalesce(sum(records) filter (where minute >= $2::timestamptz - interval '1 hour'), 0),"
                        + " coalesce(sum(errors) filter (where minute >= $2::timestamptz - interval '5 minutes'), 0),"
                        + " coalesce(sum(records) filter (where minute >= $2::timestamptz - interval '5 minutes'), 0),"
                        + " coalesce(sum(errors), 0), coalesce(sum(records), 0),"
                        + " coalesce(sum(errors) filter (where minute >= $2::timestamptz - interval '30 minutes'), 0),"
                        + " coalesce(sum(records) filter (where minute >= $2::timestamptz - interval '30 minutes'), 0)"
                        + " from prediction_minute where system_id = $1 and minute >= $2::timestamptz - interval '6 hours'"
                        + " and minute <= $2")
                .execute(Tuple.of(systemId, utc(at.truncatedTo(ChronoUnit.MINUTES))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new ErrorWindows(new BurnRate.Window(r.getLong(0), r.getLong(1)),
                            new BurnRate.Window(r.getLong(2), r.getLong(3)), new BurnRate.Window(r.getLong(4), r.getLong(5)),
                            new BurnRate.Window(r.getLong(6), r.getLong(7)));
                });
    }

    /**
     * The telemetry windows incidents hold as evidence: each monitor detection linked to an incident, with the window
     * of records that raised it and the reference version it was judged against, while the incident is open and
     * until {@code $2} after it closed or was dismissed ({@code $2}: the oldest last change still held).
     */
    private static final String HELD = "held as (select l.incident_id, l.detection_id, d.system_id,"
            + " (d.data #>> '{evidence,window,from}')::timestamptz as window_from,"
            + " (d.data #>> '{evidence,window,to}')::timestamptz as window_to,"
            + " (d.data #>> '{evidence,reference,version}')::bigint as reference_version,"
            + " l.incident_status, l.updated_at"
            + " from incident_link l join raised_detection d on d.detection_id = l.detection_id"
            + " where d.system_id is not null and d.data #>> '{evidence,window,from}' is not null"
            + " and d.data #>> '{evidence,window,to}' is not null"
            + " and (l.incident_status not in ('CLOSED', 'DISMISSED') or l.updated_at >= $2))";

    /** A window of telemetry an incident holds; {@code keptUntil} null while the incident is open. */
    public record EvidenceHold(String incidentId, String detectionId, String systemId, Instant from, Instant to,
                               @Nullable Long referenceVersion, String incidentStatus, @Nullable Instant keptUntil) {
    }

    /** The evidence holds on a system's telemetry at {@code now}, closed incidents' kept {@code keptAfterClose}. */
    public Uni<List<EvidenceHold>> holds(String systemId, Instant now, java.time.Duration keptAfterClose) {
        Instant keptSince = now.minus(keptAfterClose);
        return pool.preparedQuery("with " + HELD + " select incident_id, detection_id, system_id, window_from,"
                        + " window_to, reference_version, incident_status, updated_at from held where system_id = $1"
                        + " order by window_from, detection_id")
                .execute(Tuple.of(systemId, utc(keptSince)))
                .map(rows -> {
                    List<EvidenceHold> holds = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        String status = r.getString(6);
                        boolean ended = status.equals("CLOSED") || status.equals("DISMISSED");
                        holds.add(new EvidenceHold(r.getString(0), r.getString(1), r.getString(2),
                                r.getOffsetDateTime(3).toInstant(), r.getOffsetDateTime(4).toInstant(),
                                r.getLong(5), status, ended ? r.getOffsetDateTime(7).toInstant().plus(keptAfterClose)
                                : null));
                    }
                    return holds;
                });
    }

    /**
     * Deletes telemetry made before {@code before}, except what incidents hold as evidence (the windows that raised
     * their detections, and replaced references those detections were judged against) while they are open and until
     * {@code keptSince} after they closed; answers the batches deleted.
     */
    public Uni<Integer> purge(Instant before, Instant keptSince) {
        Tuple cutoffs = Tuple.of(utc(before), utc(keptSince));
        String window = " between h.window_from and h.window_to";
        return pool.withTransaction(c -> c.preparedQuery(unheld("prediction", "predicted_at",
                        "t.predicted_at" + window)).execute(cutoffs)
                .chain(() -> c.preparedQuery(unheld("prediction_label", "predicted_at", "t.predicted_at" + window))
                        .execute(cutoffs))
                .chain(() -> c.preparedQuery(unheld("prediction_minute", "minute",
                        "t.minute between date_trunc('minute', h.window_from) and h.window_to")).execute(cutoffs))
                .chain(() -> c.preparedQuery(unheld("reference_history", "replaced_at",
                        "h.reference_version = t.version")).execute(cutoffs))
                .chain(() -> c.preparedQuery(unheld("prediction_batch", "last_at",
                        "t.last_at >= h.window_from and t.first_at <= h.window_to")).execute(cutoffs))
                .map(rows -> rows.rowCount()));
    }

    /** Deletes the rows of {@code table} older than {@code $1} ({@code age}) that no hold covers ({@code held}). */
    private static String unheld(String table, String age, String held) {
        return "with " + HELD + " delete from " + table + " t where t." + age + " < $1 and not exists (select 1"
                + " from held h where h.system_id = t.system_id and " + held + ")";
    }
}
