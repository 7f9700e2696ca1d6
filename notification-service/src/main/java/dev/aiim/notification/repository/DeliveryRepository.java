package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.domain.IncidentMessage;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code delivery} table; joins the caller's transaction. */
@ApplicationScoped
public class DeliveryRepository {

    private static final String COLUMNS = "id, idempotency_key, incident_id, incident_version, reason, channel_id,"
            + " channel_type, recipient, address, page_id, contact_index, message::text, simulation, status, attempts,"
            + " next_attempt_at, last_error, created_at, sent_at, failed_at";

    /** Adds a pending delivery unless its idempotency key was used before; true when added. */
    public Uni<Boolean> add(Delivery d) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into delivery (id, idempotency_key, incident_id, incident_version, reason, channel_id,"
                                + " channel_type, recipient, address, page_id, contact_index, message, simulation, status,"
                                + " attempts, next_attempt_at, created_at) values (:id, :key, :incident, :version, :reason,"
                                + " :channel, :type, :recipient, :address, :page, :contact,"
                                + " cast(cast(:message as text) as jsonb), :simulation, 'PENDING', 0, :at, :at)"
                                + " on conflict (idempotency_key) do nothing")
                .setParameter("id", d.id())
                .setParameter("key", d.idempotencyKey())
                .setParameter("incident", d.incidentId())
                .setParameter("version", d.incidentVersion())
                .setParameter("reason", d.reason())
                .setParameter("channel", d.channelId())
                .setParameter("type", d.channelType().name())
                .setParameter("recipient", d.recipient())
                .setParameter("address", d.address())
                .setParameter("page", d.pageId())
                .setParameter("contact", d.contactIndex())
                .setParameter("message", EventJson.write(d.message()))
                .setParameter("simulation", d.simulation())
                .setParameter("at", d.createdAt().atOffset(ZoneOffset.UTC))
                .executeUpdate()).map(rows -> rows == 1);
    }

    /**
     * Claims up to {@code limit} pending deliveries that are due at {@code now} and not leased by another
     * worker (SKIP LOCKED), leasing them until {@code now + lease}: a worker that dies mid-send leaves them
     * to be retried when the lease runs out.
     */
    public Uni<List<Delivery>> claimDue(ChannelType type, Instant now, int limit, Duration lease) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update delivery set lease_until = :until where id in (select id from delivery"
                                + " where status = 'PENDING' and next_attempt_at <= :now and channel_type = :type"
                                + " and (lease_until is null or lease_until < :now)"
                                + " order by next_attempt_at limit :limit for update skip locked) returning " + COLUMNS,
                        Object[].class)
                .setParameter("until", at.plus(lease))
                .setParameter("type", type.name())
                .setParameter("now", at)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(DeliveryRepository::delivery).toList()));
    }

    /** Records a successful send; false when the delivery was no longer pending (nothing changes then). */
    public Uni<Boolean> markSent(String id, int attempts, Instant at) {
        return finish(id, "SENT", "sent_at", attempts, at, null);
    }

    /** Records that the last attempt failed for good; false when the delivery was no longer pending. */
    public Uni<Boolean> markFailed(String id, int attempts, Instant at, String error) {
        return finish(id, "FAILED", "failed_at", attempts, at, error);
    }

    public Uni<Boolean> scheduleRetry(String id, int attempts, Instant next, String error) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update delivery set attempts = :attempts, next_attempt_at = :next, lease_until = null,"
                                + " last_error = :error where id = :id and status = 'PENDING'")
                .setParameter("id", id)
                .setParameter("attempts", attempts)
                .setParameter("next", next.atOffset(ZoneOffset.UTC))
                .setParameter("error", error)
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** {@code status} and {@code column} are constants of this class, never input. */
    private Uni<Boolean> finish(String id, String status, String column, int attempts, Instant at, String error) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update delivery set status = '" + status + "', attempts = :attempts, " + column + " = :at,"
                                + " lease_until = null, next_attempt_at = null, last_error = :error"
                                + " where id = :id and status = 'PENDING'")
                .setParameter("id", id)
                .setParameter("attempts", attempts)
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("error", error)
                .executeUpdate()).map(rows -> rows == 1);
    }

    public Uni<List<Delivery>> byIncident(String incidentId, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select " + COLUMNS + " from delivery where incident_id = :incident order by created_at, id"
                                + " limit :limit", Object[].class)
                .setParameter("incident", incidentId)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(DeliveryRepository::delivery).toList()));
    }

    public Uni<Long> countByIncident(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from delivery where incident_id = :incident", Long.class)
                .setParameter("incident", incidentId)
                .getSingleResult());
    }

    public Uni<Optional<Delivery>> find(String id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select " + COLUMNS + " from delivery where id = :id", Object[].class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(DeliveryRepository::delivery)));
    }

    private static Delivery delivery(Object[] r) {
        return new Delivery((String) r[0], (String) r[1], (String) r[2], r[3] == null ? null : ((Number) r[3]).longValue(),
                (String) r[4], (String) r[5], ChannelType.valueOf((String) r[6]), (String) r[7], (String) r[8],
                (String) r[9], r[10] == null ? null : ((Number) r[10]).intValue(),
                EventJson.read((String) r[11], IncidentMessage.class), (Boolean) r[12],
                Delivery.Status.valueOf((String) r[13]), ((Number) r[14]).intValue(), SqlValues.instant(r[15]),
                (String) r[16], SqlValues.instant(r[17]), SqlValues.instant(r[18]), SqlValues.instant(r[19]));
    }
}
