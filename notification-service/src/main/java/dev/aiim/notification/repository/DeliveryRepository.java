package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.domain.IncidentMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.first;
import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.list;
import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code delivery} table, through the client (a transaction of the caller, or the pool) it is given. */
@ApplicationScoped
public class DeliveryRepository {

    private static final String COLUMNS = "id, idempotency_key, incident_id, incident_version, reason, channel_id,"
            + " channel_type, recipient, address, page_id, contact_index, message::text as message, simulation, status,"
            + " attempts, next_attempt_at, last_error, created_at, sent_at, failed_at";

    /** Adds a pending delivery unless its idempotency key was used before; true when added. */
    public Uni<Boolean> add(SqlClient client, Delivery d) {
        return client.preparedQuery("insert into delivery (id, idempotency_key, incident_id, incident_version, reason,"
                        + " channel_id, channel_type, recipient, address, page_id, contact_index, message, simulation,"
                        + " status, attempts, next_attempt_at, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10, $11, $12::text::jsonb, $13, 'PENDING', 0, $14, $14)"
                        + " on conflict (idempotency_key) do nothing")
                .execute(Tuple.from(Arrays.asList(d.id(), d.idempotencyKey(), d.incidentId(), d.incidentVersion(),
                        d.reason(), d.channelId(), d.channelType().name(), d.recipient(), d.address(), d.pageId(),
                        d.contactIndex(), EventJson.write(d.message()), d.simulation(), utc(d.createdAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims up to {@code limit} pending deliveries that are due at {@code now} and not leased by another
     * worker (SKIP LOCKED), leasing them until {@code now + lease}: a worker that dies mid-send leaves them
     * to be retried when the lease runs out.
     */
    public Uni<List<Delivery>> claimDue(SqlClient client, ChannelType type, Instant now, int limit, Duration lease) {
        return client.preparedQuery("update delivery set lease_until = $1 where id in (select id from delivery"
                        + " where status = 'PENDING' and next_attempt_at <= $2 and channel_type = $3"
                        + " and (lease_until is null or lease_until < $2)"
                        + " order by next_attempt_at limit $4 for update skip locked) returning " + COLUMNS)
                .execute(Tuple.of(utc(now.plus(lease)), utc(now), type.name(), limit))
                .map(rows -> list(rows, DeliveryRepository::delivery));
    }

    /** Records a successful send; false when the delivery was no longer pending (nothing changes then). */
    public Uni<Boolean> markSent(SqlClient client, String id, int attempts, Instant at) {
        return finish(client, id, "SENT", "sent_at", attempts, at, null);
    }

    /** Records that the last attempt failed for good; false when the delivery was no longer pending. */
    public Uni<Boolean> markFailed(SqlClient client, String id, int attempts, Instant at, String error) {
        return finish(client, id, "FAILED", "failed_at", attempts, at, error);
    }

    public Uni<Boolean> scheduleRetry(SqlClient client, String id, int attempts, Instant next, String error) {
        return client.preparedQuery("update delivery set attempts = $1, next_attempt_at = $2, lease_until = null,"
                        + " last_error = $3 where id = $4 and status = 'PENDING'")
                .execute(Tuple.of(attempts, utc(next), error, id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** {@code status} and {@code column} are constants of this class, never input. */
    private Uni<Boolean> finish(SqlClient client, String id, String status, String column, int attempts, Instant at,
                                String error) {
        return client.preparedQuery("update delivery set status = '" + status + "', attempts = $1, " + column + " = $2,"
                        + " lease_until = null, next_attempt_at = null, last_error = $3"
                        + " where id = $4 and status = 'PENDING'")
                .execute(Tuple.from(Arrays.asList(attempts, utc(at), error, id)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Delivery>> byIncident(SqlClient client, String incidentId, int limit) {
        return client.preparedQuery("select " + COLUMNS + " from delivery where incident_id = $1"
                        + " order by created_at, id limit $2")
                .execute(Tuple.of(incidentId, limit))
                .map(rows -> list(rows, DeliveryRepository::delivery));
    }

    public Uni<Long> countByIncident(SqlClient client, String incidentId) {
        return client.preparedQuery("select count(*) as total from delivery where incident_id = $1")
                .execute(Tuple.of(incidentId))
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    public Uni<Optional<Delivery>> find(SqlClient client, String id) {
        return client.preparedQuery("select " + COLUMNS + " from delivery where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows, DeliveryRepository::delivery));
    }

    private static Delivery delivery(Row row) {
        return new Delivery(row.getString("id"), row.getString("idempotency_key"), row.getString("incident_id"),
                row.getLong("incident_version"), row.getString("reason"), row.getString("channel_id"),
                ChannelType.valueOf(row.getString("channel_type")), row.getString("recipient"),
                row.getString("address"), row.getString("page_id"), row.getInteger("contact_index"),
                EventJson.read(row.getString("message"), IncidentMessage.class), row.getBoolean("simulation"),
                Delivery.Status.valueOf(row.getString("status")), row.getInteger("attempts"),
                instant(row, "next_attempt_at"), row.getString("last_error"), instant(row, "created_at"),
                instant(row, "sent_at"), instant(row, "failed_at"));
    }
}
