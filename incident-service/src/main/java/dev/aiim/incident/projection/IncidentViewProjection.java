package dev.aiim.incident.projection;

import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incident view and list ({@code incident_view}): written in the same transaction as the events it
 * reflects, and rebuildable from position 0 of the event store.
 */
@ApplicationScoped
public class IncidentViewProjection {

    private static final Logger LOG = Logger.getLogger(IncidentViewProjection.class);
    private static final int REBUILD_PAGE = 10_000;
    private static final int INSERT_BATCH = 200;
    private static final String COLUMNS = "(incident_id, version, status, severity, category, system_id, simulation,"
            + " is_open, detected_at, state)";

    /** Records the state an append produced; an older state never overwrites a newer one. */
    public Uni<Void> apply(Incident state) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery("insert into incident_view "
                        + COLUMNS + " values " + row(0) + " on conflict (incident_id) do update set version ="
                        + " excluded.version, status = excluded.status, severity = excluded.severity, category ="
                        + " excluded.category, system_id = excluded.system_id, simulation = excluded.simulation,"
                        + " is_open = excluded.is_open, detected_at = excluded.detected_at, state = excluded.state"
                        + " where incident_view.version < excluded.version"), 0, state)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Optional<Incident>> find(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select state::text from incident_view where incident_id = :id", String.class)
                .setParameter("id", incidentId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(IncidentViewProjection::readState)));
    }

    public Uni<IncidentPage> list(IncidentQuery q) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new LinkedHashMap<>();
        filter(where, params, "status", q.status() == null ? null : q.status().name());
        filter(where, params, "severity", q.severity() == null ? null : q.severity().name());
        filter(where, params, "category", q.category() == null ? null : q.category().name());
        filter(where, params, "system_id", q.systemId());
        filter(where, params, "is_open", q.open());
        filter(where, params, "simulation", q.simulation());
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Long> count = session.createNativeQuery(
                    "select count(*) from incident_view" + where, Long.class);
            Mutiny.SelectionQuery<String> page = session.createNativeQuery("select state::text from incident_view"
                    + where + " order by detected_at desc, incident_id limit :limit offset :offset", String.class);
            params.forEach((name, value) -> {
                count.setParameter(name, value);
                page.setParameter(name, value);
            });
            page.setParameter("limit", q.size()).setParameter("offset", (long) q.page() * q.size());
            return count.getSingleResult().chain(total -> page.getResultList()
                    .map(rows -> new IncidentPage(rows.stream().map(IncidentViewProjection::readState).toList(),
                            total, q.page(), q.size())));
        });
    }

    private static void filter(StringBuilder where, Map<String, Object> params, String column, Object value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(column);
            params.put(column, value);
        }
    }

    /**
     * Replays every stored event from position 0 into fresh views, in the caller's transaction. The
     * table is locked against concurrent appends meanwhile, so the result equals the live projection.
     */
    public Uni<RebuildReport> rebuild() {
        long started = System.nanoTime();
        Map<String, Incident> states = new HashMap<>();
        long[] events = {0};
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "lock table incident_view in share row exclusive mode").executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from incident_view").executeUpdate())
                        .chain(() -> replayFrom(session, 0L, states, events))
                        .chain(() -> writeAll(session, new ArrayList<>(states.values()))))
                .map(ignored -> {
                    RebuildReport report = new RebuildReport(events[0], states.size(),
                            (System.nanoTime() - started) / 1_000_000);
                    LOG.infof("Incident view rebuilt: %d events, %d incidents in %d ms", report.events(),
                            report.incidents(), report.durationMillis());
                    return report;
                });
    }

    private Uni<Void> replayFrom(Mutiny.Session session, long after, Map<String, Incident> states, long[] events) {
        return session.createNativeQuery("select position, stream_id, event_type, payload::text from incident_event"
                        + " where position > :after order by position limit :limit", Object[].class)
                .setParameter("after", after)
                .setParameter("limit", REBUILD_PAGE)
                .getResultList()
                .chain(rows -> {
                    long last = after;
                    for (Object[] row : rows) {
                        String streamId = (String) row[1];
                        IncidentEvent event = IncidentEventCodec.read((String) row[2],
                                IncidentEventCodec.parse((String) row[3]));
                        states.put(streamId, IncidentDecider.evolve(states.get(streamId), streamId, event));
                        last = ((Number) row[0]).longValue();
                    }
                    events[0] += rows.size();
                    return rows.size() < REBUILD_PAGE ? Uni.createFrom().voidItem() : replayFrom(session, last, states, events);
                });
    }

    private Uni<Void> writeAll(Mutiny.Session session, List<Incident> states) {
        List<List<Incident>> batches = new ArrayList<>();
        for (int i = 0; i < states.size(); i += INSERT_BATCH) {
            batches.add(states.subList(i, Math.min(states.size(), i + INSERT_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> {
                    StringBuilder sql = new StringBuilder("insert into incident_view ").append(COLUMNS).append(" values ");
                    for (int i = 0; i < batch.size(); i++) {
                        sql.append(i == 0 ? "" : ", ").append(row(i));
                    }
                    Mutiny.MutationQuery query = session.createNativeQuery(sql.toString());
                    for (int i = 0; i < batch.size(); i++) {
                        bind(query, i, batch.get(i));
                    }
                    return query.executeUpdate();
                })
                .collect().last().replaceWithVoid();
    }

    private static String row(int i) {
        return "(:id" + i + ", :version" + i + ", :status" + i + ", cast(:severity" + i + " as text), :category" + i + ", cast(:system" + i + " as text)"
                + ", :simulation" + i + ", :open" + i + ", :detected" + i + ", cast(cast(:state" + i + " as text) as jsonb))";
    }

    private static Mutiny.MutationQuery bind(Mutiny.MutationQuery query, int i, Incident s) {
        return query.setParameter("id" + i, s.id())
                .setParameter("version" + i, s.version())
                .setParameter("status" + i, s.status().name())
                .setParameter("severity" + i, s.severity() == null ? null : s.severity().name())
                .setParameter("category" + i, s.category().name())
                .setParameter("system" + i, s.systemId())
                .setParameter("simulation" + i, s.simulation())
                .setParameter("open" + i, s.isOpen())
                .setParameter("detected" + i, s.detectedAt().atOffset(ZoneOffset.UTC))
                .setParameter("state" + i, IncidentEventCodec.write(IncidentEventCodec.tree(s)));
    }

    private static Incident readState(String json) {
        return IncidentEventCodec.convert(IncidentEventCodec.parse(json), Incident.class);
    }
}
