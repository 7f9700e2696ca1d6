package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The {@code notification_outbox}: a message for {@code aiim.notifications.v1} is written in the same
 * transaction as the state change it reports (no save-then-send), and relayed in order afterwards.
 */
@ApplicationScoped
public class OutboxRepository {

    public record Pending(long seq, String messageId, MessageType type, String key, Instant occurredAt, String data) {
    }

    /** Queues a message; a repeated message id (the same fact twice) is queued once. */
    public Uni<Void> add(String messageId, String key, Instant occurredAt, Object data) {
        MessageType type = MessageTypes.of(data.getClass());
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into notification_outbox (message_id, type, message_key, occurred_at, data)"
                                + " values (:id, :type, :key, :at, cast(cast(:data as text) as jsonb))"
                                + " on conflict (message_id) do nothing")
                .setParameter("id", messageId)
                .setParameter("type", type.ceType())
                .setParameter("key", key)
                .setParameter("at", occurredAt.atOffset(ZoneOffset.UTC))
                .setParameter("data", EventJson.write(data))
                .executeUpdate()).replaceWithVoid();
    }

    /** The oldest unpublished messages, locked against other relays. */
    public Uni<List<Pending>> claim(int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select seq, message_id, type, message_key, occurred_at, data::text from notification_outbox"
                                + " where published_at is null order by seq limit :limit for update skip locked",
                        Object[].class)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Pending(((Number) r[0]).longValue(), (String) r[1],
                        MessageTypes.byCeType((String) r[2]).orElseThrow(), (String) r[3], SqlValues.instant(r[4]),
                        (String) r[5])).toList()));
    }

    public Uni<Void> markPublished(List<Long> seqs, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update notification_outbox set published_at = :at where seq in (:seqs)")
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("seqs", seqs)
                .executeUpdate()).replaceWithVoid();
    }
}
