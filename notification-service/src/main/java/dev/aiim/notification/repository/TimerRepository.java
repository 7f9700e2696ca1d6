package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The {@code due_timer} table: cadence, escalation and deadline timers that outlive restarts. Joins the
 * caller's transaction; the worker that claims due timers fires them in that same transaction.
 */
@ApplicationScoped
public class TimerRepository {

    public enum Kind { CADENCE, ESCALATION, DEADLINE }

    /** A due timer: {@code generation} counts how often it has fired and been re-armed. */
    public record DueTimer(String id, Kind kind, String incidentId, Instant dueAt, Map<String, Object> data,
                           int generation) {

        public String text(String field) {
            Object value = data.get(field);
            return value == null ? null : value.toString();
        }
    }

    /** Arms (or re-arms, from generation 0) the timer {@code id} to fire at {@code dueAt}. */
    public Uni<Void> arm(String id, Kind kind, String incidentId, Instant dueAt, Map<String, Object> data) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into due_timer (id, kind, incident_id, due_at, data, fired_at, generation)"
                                + " values (:id, :kind, :incident, :due, cast(cast(:data as text) as jsonb), null, 0)"
                                + " on conflict (id) do update set due_at = excluded.due_at, data = excluded.data,"
                                + " fired_at = null, generation = 0")
                .setParameter("id", id)
                .setParameter("kind", kind.name())
                .setParameter("incident", incidentId)
                .setParameter("due", dueAt.atOffset(ZoneOffset.UTC))
                .setParameter("data", EventJson.write(data))
                .executeUpdate()).replaceWithVoid();
    }

    /** Arms a timer only if it was never armed (deadline reminders: re-recording an assessment keeps fired ones). */
    public Uni<Void> armOnce(String id, Kind kind, String incidentId, Instant dueAt, Map<String, Object> data) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into due_timer (id, kind, incident_id, due_at, data) values (:id, :kind, :incident, :due,"
                                + " cast(cast(:data as text) as jsonb)) on conflict (id) do nothing")
                .setParameter("id", id)
                .setParameter("kind", kind.name())
                .setParameter("incident", incidentId)
                .setParameter("due", dueAt.atOffset(ZoneOffset.UTC))
                .setParameter("data", EventJson.write(data))
                .executeUpdate()).replaceWithVoid();
    }

    /** Stops the timer if it has not fired (an acknowledged page, a resolved incident). */
    public Uni<Void> disarm(String id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from due_timer where id = :id and fired_at is null")
                .setParameter("id", id)
                .executeUpdate()).replaceWithVoid();
    }

    /** Stops every unfired timer of an incident whose id starts with {@code prefix}. */
    public Uni<Void> disarmAll(String incidentId, String prefix) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from due_timer where incident_id = :incident and fired_at is null and id like :prefix")
                .setParameter("incident", incidentId)
                .setParameter("prefix", prefix.replace("%", "\\%").replace("_", "\\_") + "%")
                .executeUpdate()).replaceWithVoid();
    }

    /** Locks up to {@code limit} due, unfired timers that no other worker holds. */
    public Uni<List<DueTimer>> claimDue(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, kind, incident_id, due_at, data::text, generation from due_timer"
                                + " where fired_at is null and due_at <= :now order by due_at limit :limit"
                                + " for update skip locked", Object[].class)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(TimerRepository::timer).toList()));
    }

    public Uni<Void> markFired(String id, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update due_timer set fired_at = :at, generation = generation + 1 where id = :id")
                .setParameter("id", id)
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    /** After firing, sets the timer to fire again at {@code nextDue} (a cadence's next missed update). */
    public Uni<Void> rearm(String id, Instant nextDue) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update due_timer set due_at = :due, generation = generation + 1 where id = :id")
                .setParameter("id", id)
                .setParameter("due", nextDue.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    /** Pending timers of an incident, soonest first (for the API and tests). */
    public Uni<List<DueTimer>> pending(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, kind, incident_id, due_at, data::text, generation from due_timer"
                                + " where incident_id = :incident and fired_at is null order by due_at, id", Object[].class)
                .setParameter("incident", incidentId)
                .getResultList()
                .map(rows -> rows.stream().map(TimerRepository::timer).toList()));
    }

    @SuppressWarnings("unchecked")
    private static DueTimer timer(Object[] r) {
        return new DueTimer((String) r[0], Kind.valueOf((String) r[1]), (String) r[2], SqlValues.instant(r[3]),
                EventJson.read((String) r[4], Map.class), ((Number) r[5]).intValue());
    }
}
