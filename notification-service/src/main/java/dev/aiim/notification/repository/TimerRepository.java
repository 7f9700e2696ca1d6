package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.list;
import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * The {@code due_timer} table: cadence, escalation and deadline timers that outlive restarts, through the
 * client (a transaction of the caller) it is given; the worker that claims due timers fires them in that
 * same transaction.
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

    private static final String COLUMNS = "id, kind, incident_id, due_at, data::text as data, generation";

    /** Arms (or re-arms, from generation 0) the timer {@code id} to fire at {@code dueAt}. */
    public Uni<Void> arm(SqlClient client, String id, Kind kind, String incidentId, Instant dueAt,
                         Map<String, Object> data) {
        return client.preparedQuery("insert into due_timer (id, kind, incident_id, due_at, data, fired_at, generation)"
                        + " values ($1, $2, $3, $4, $5::text::jsonb, null, 0)"
                        + " on conflict (id) do update set due_at = excluded.due_at, data = excluded.data,"
                        + " fired_at = null, generation = 0")
                .execute(Tuple.of(id, kind.name(), incidentId, utc(dueAt), EventJson.write(data)))
                .replaceWithVoid();
    }

    /** Arms a timer only if it was never armed (deadline reminders: re-recording an assessment keeps fired ones). */
    public Uni<Void> armOnce(SqlClient client, String id, Kind kind, String incidentId, Instant dueAt,
                             Map<String, Object> data) {
        return client.preparedQuery("insert into due_timer (id, kind, incident_id, due_at, data)"
                        + " values ($1, $2, $3, $4, $5::text::jsonb) on conflict (id) do nothing")
                .execute(Tuple.of(id, kind.name(), incidentId, utc(dueAt), EventJson.write(data)))
                .replaceWithVoid();
    }

    /** Stops the timer if it has not fired (an acknowledged page, a resolved incident). */
    public Uni<Void> disarm(SqlClient client, String id) {
        return client.preparedQuery("delete from due_timer where id = $1 and fired_at is null")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Stops every unfired timer of an incident whose id starts with {@code prefix}. */
    public Uni<Void> disarmAll(SqlClient client, String incidentId, String prefix) {
        return client.preparedQuery("delete from due_timer where incident_id = $1 and fired_at is null and id like $2")
                .execute(Tuple.of(incidentId, prefix.replace("%", "\\%").replace("_", "\\_") + "%"))
                .replaceWithVoid();
    }

    /** Locks up to {@code limit} due, unfired timers that no other worker holds. */
    public Uni<List<DueTimer>> claimDue(SqlClient client, Instant now, int limit) {
        return client.preparedQuery("select " + COLUMNS + " from due_timer where fired_at is null and due_at <= $1"
                        + " order by due_at limit $2 for update skip locked")
                .execute(Tuple.of(utc(now), limit))
                .map(rows -> list(rows, TimerRepository::timer));
    }

    public Uni<Void> markFired(SqlClient client, String id, Instant at) {
        return client.preparedQuery("update due_timer set fired_at = $1, generation = generation + 1 where id = $2")
                .execute(Tuple.of(utc(at), id))
                .replaceWithVoid();
    }

    /**
     * After firing, sets the timer to fire again at {@code nextDue} (a cadence's next missed update), counting
     * the firing and the {@code skipped} periods that passed while it was late.
     */
    public Uni<Void> rearm(SqlClient client, String id, Instant nextDue, int skipped) {
        return client.preparedQuery("update due_timer set due_at = $1, generation = generation + 1 + $2 where id = $3")
                .execute(Tuple.of(utc(nextDue), skipped, id))
                .replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    private static DueTimer timer(Row row) {
        return new DueTimer(row.getString("id"), Kind.valueOf(row.getString("kind")), row.getString("incident_id"),
                instant(row, "due_at"), EventJson.read(row.getString("data"), Map.class), row.getInteger("generation"));
    }
}
