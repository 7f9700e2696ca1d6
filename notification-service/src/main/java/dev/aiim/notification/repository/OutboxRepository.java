package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.platform.operations.OperationsMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.list;
import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * The {@code notification_outbox}: a message for {@code aiim.notifications.v1} is written in the same
 * transaction as the state change it reports (no save-then-send), and relayed in order afterwards.
 */
@ApplicationScoped
public class OutboxRepository {

    public record Pending(long seq, String messageId, MessageType type, String key, Instant occurredAt, String data) {
    }

    /** Queues a message; a repeated message id (the same fact twice) is queued once. */
    public Uni<Void> add(SqlClient client, String messageId, String key, Instant occurredAt, Object data) {
        MessageType type = MessageTypes.of(data.getClass());
        return client.preparedQuery("insert into notification_outbox (message_id, type, message_key, occurred_at, data)"
                        + " values ($1, $2, $3, $4, $5::text::jsonb) on conflict (message_id) do nothing")
                .execute(Tuple.of(messageId, type.ceType(), key, utc(occurredAt), EventJson.write(data)))
                .replaceWithVoid();
    }

    /** The oldest unpublished messages, locked against other relays. */
    public Uni<List<Pending>> claim(SqlClient client, int limit) {
        return client.preparedQuery("select seq, message_id, type, message_key, occurred_at, data::text as data"
                        + " from notification_outbox where published_at is null order by seq limit $1"
                        + " for update skip locked")
                .execute(Tuple.of(limit))
                .map(rows -> list(rows, OutboxRepository::pending));
    }

    public Uni<Void> markPublished(SqlClient client, List<Long> seqs, Instant at) {
        return client.preparedQuery("update notification_outbox set published_at = $1 where seq = any($2)")
                .execute(Tuple.of(utc(at), seqs.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** The unpublished messages: how many, and the time of the oldest. */
    public Uni<OperationsMetrics.Backlog> backlog(SqlClient client) {
        return client.query("select count(*) as pending, min(occurred_at) as oldest from notification_outbox"
                        + " where published_at is null").execute()
                .map(OperationsMetrics.Backlog::of);
    }

    private static Pending pending(Row row) {
        return new Pending(row.getLong("seq"), row.getString("message_id"),
                MessageTypes.byCeType(row.getString("type")).orElseThrow(), row.getString("message_key"),
                instant(row, "occurred_at"), row.getString("data"));
    }
}
