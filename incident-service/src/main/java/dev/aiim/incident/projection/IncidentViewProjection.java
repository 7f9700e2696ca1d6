package dev.aiim.incident.projection;

import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * The incident view and list ({@code incident_view}): written in the same transaction as the events it
 * reflects, and rebuildable from position 0 of the event store.
 */
@ApplicationScoped
public class IncidentViewProjection {

    private static final Logger LOG = Logger.getLogger(IncidentViewProjection.class);
    /** Bump when {@link Incident}'s stored shape changes: the view is then rebuilt at start-up. */
    public static final int VERSION = 2;
    private static final String NAME = "incident_view";

    private final Pool pool;

    public IncidentViewProjection(Pool pool) {
        this.pool = pool;
    }
    private static final int REBUILD_PAGE = 10_000;
    private static final int INSERT_BATCH = 500;
    private static final String COLUMNS = "(incident_id, version, status, severity, category, system_id, simulation,"
            + " is_open, detected_at, correlation_key, state)";
    private static final String ROW = "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::json)";

    /** Whether the stored view has the shape this code writes (false for a view from an older release). */
    public Uni<Boolean> current() {
        return pool.preparedQuery("select version from projection_version where projection = $1")
                .execute(Tuple.of(NAME))
                .map(rows -> rows.size() == 1 && rows.iterator().next().getInteger(0) == VERSION);
    }

    /** Records the state an append produced, in its transaction; an older state never overwrites a newer one. */
    public Uni<Void> apply(SqlClient client, Incident state) {
        return client.preparedQuery("insert into incident_view " + COLUMNS + " values " + ROW
                        + " on conflict (incident_id) do update set version = excluded.version, status = excluded.status,"
                        + " severity = excluded.severity, category = excluded.category, system_id = excluded.system_id,"
                        + " simulation = excluded.simulation, is_open = excluded.is_open,"
                        + " detected_at = excluded.detected_at, correlation_key = excluded.correlation_key,"
                        + " state = excluded.state where incident_view.version < excluded.version")
                .execute(row(state))
                .replaceWithVoid();
    }

    /** The newest open incident with this correlation key: where another signal with the key belongs. */
    public Uni<Optional<String>> openIncidentFor(SqlClient client, String correlationKey) {
        return client.preparedQuery("select incident_id from incident_view where correlation_key = $1 and is_open"
                        + " order by detected_at desc limit 1")
                .execute(Tuple.of(correlationKey))
                .map(rows -> SqlRows.first(rows, row -> row.getString("incident_id")));
    }

    public Uni<Optional<Incident>> find(String incidentId) {
        return pool.preparedQuery("select state::text from incident_view where incident_id = $1")
                .execute(Tuple.of(incidentId))
                .map(rows -> SqlRows.first(rows, IncidentViewProjection::state));
    }

    public Uni<IncidentPage> list(IncidentQuery q) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        filter(where, params, "status", q.status() == null ? null : q.status().name());
        filter(where, params, "severity", q.severity() == null ? null : q.severity().name());
        filter(where, params, "category", q.category() == null ? null : q.category().name());
        filter(where, params, "system_id", q.systemId());
        filter(where, params, "is_open", q.open());
        filter(where, params, "simulation", q.simulation());
        List<Object> paged = new ArrayList<>(params);
        paged.add(q.size());
        paged.add((long) q.page() * q.size());
        return pool.preparedQuery("select count(*) as total from incident_view" + where).execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong("total"))
                .chain(total -> pool.preparedQuery("select state::text from incident_view" + where
                                + " order by detected_at desc, incident_id limit $" + (params.size() + 1) + " offset $"
                                + (params.size() + 2))
                        .execute(Tuple.from(paged))
                        .map(rows -> new IncidentPage(SqlRows.list(rows, IncidentViewProjection::state), total, q.page(),
                                q.size())));
    }

    private static void filter(StringBuilder where, List<Object> params, String column, Object value) {
        if (value != null) {
            params.add(value);
            where.append(" and ").append(column).append(" = $").append(params.size());
        }
    }

    /**
     * Replays every stored event from position 0 into fresh views, in one transaction of its own on the
     * reactive pool (a bulk job: plain rows and batched inserts, no ORM). The view table is locked
     * against concurrent appends meanwhile, so the result equals the live projection.
     */
    public Uni<RebuildReport> rebuild() {
        long started = System.nanoTime();
        Map<String, Incident> states = new HashMap<>();
        List<Incident> incidents = new ArrayList<>();
        long[] events = {0};
        long[] replayed = {0};
        return pool.withTransaction(connection -> connection
                        .query("lock table incident_view in share row exclusive mode").execute()
                        .chain(() -> connection.query("delete from incident_view").execute())
                        .chain(() -> replayAll(connection, states, events))
                        .invoke(() -> replayed[0] = System.nanoTime())
                        .chain(() -> {
                            incidents.addAll(opened(states));
                            return writeAll(connection, incidents);
                        })
                        .chain(() -> connection.preparedQuery("insert into projection_version (projection, version,"
                                + " rebuilt_at) values ($1, $2, now()) on conflict (projection) do update set version ="
                                + " excluded.version, rebuilt_at = excluded.rebuilt_at").execute(Tuple.of(NAME, VERSION))))
                .map(ignored -> {
                    RebuildReport report = new RebuildReport(events[0], incidents.size(),
                            (System.nanoTime() - started) / 1_000_000, (replayed[0] - started) / 1_000_000);
                    LOG.infof("Incident view rebuilt: %d events, %d incidents in %d ms (replay %d ms)", report.events(),
                            report.incidents(), report.durationMillis(), report.replayMillis());
                    return report;
                });
    }

    /** One query in commit-position order, read through a cursor page by page (one plan, no re-sorting). */
    private Uni<Void> replayAll(SqlConnection connection, Map<String, Incident> states, long[] events) {
        return connection.prepare("select stream_id, event_type, payload::text from incident_event order by position")
                .chain(statement -> {
                    Cursor cursor = statement.cursor();
                    return readPages(cursor, states, events).eventually(cursor::close);
                });
    }

    private Uni<Void> readPages(Cursor cursor, Map<String, Incident> states, long[] events) {
        return cursor.read(REBUILD_PAGE).chain(rows -> {
            for (Row row : rows) {
                String streamId = row.getString(0);
                IncidentEvent event = IncidentEventCodec.read(row.getString(1), row.getString(2));
                states.put(streamId, IncidentDecider.evolve(states.get(streamId), streamId, event));
            }
            events[0] += rows.size();
            return cursor.hasMore() ? readPages(cursor, states, events) : Uni.createFrom().voidItem();
        });
    }

    /** A stream that never recorded its opening is not an incident; it is reported, not projected. */
    private static List<Incident> opened(Map<String, Incident> states) {
        List<Incident> incidents = new ArrayList<>(states.size());
        states.forEach((streamId, state) -> {
            if (state.status() == null) {
                LOG.warnf("Stream %s has no incident.opened event; left out of the incident view", streamId);
            } else {
                incidents.add(state);
            }
        });
        return incidents;
    }

    private Uni<Void> writeAll(SqlConnection connection, List<Incident> states) {
        List<List<Incident>> batches = new ArrayList<>();
        for (int i = 0; i < states.size(); i += INSERT_BATCH) {
            batches.add(states.subList(i, Math.min(states.size(), i + INSERT_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> connection.preparedQuery("insert into incident_view "
                                + COLUMNS + " values " + ROW)
                        .executeBatch(batch.stream().map(IncidentViewProjection::row).toList()))
                .collect().last().replaceWithVoid();
    }

    private static Tuple row(Incident s) {
        return Tuple.from(Arrays.asList(s.id(), s.version(), s.status().name(),
                s.severity() == null ? null : s.severity().name(), s.category().name(), s.systemId(), s.simulation(),
                s.isOpen(), utc(s.detectedAt()), s.correlationKey(), IncidentEventCodec.json(s)));
    }

    private static Incident state(Row row) {
        return IncidentEventCodec.read(row.getString("state"), Incident.class);
    }
}
