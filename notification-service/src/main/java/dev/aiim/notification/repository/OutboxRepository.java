package dev.aiim.notification.repository;

import dev.aiim.platform.messaging.Outbox;
import dev.aiim.platform.operations.OperationsMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * The {@code notification_outbox}: a message for {@code aiim.notifications.v1} is written in the same
 * transaction as the state change it reports (no save-then-send), and relayed in order afterwards.
 */
@ApplicationScoped
public class OutboxRepository {

    private final Outbox outbox = new Outbox("notification_outbox");

    /** Queues a message; a repeated message id (the same fact twice) is queued once. */
    public Uni<Void> add(SqlClient client, String messageId, String key, Instant occurredAt, Object data) {
        return outbox.add(client, messageId, key, occurredAt, data);
    }

    /** The table, for the relay. */
    public Outbox table() {
        return outbox;
    }

    /** The unpublished messages: how many, and the time of the oldest. */
    public Uni<OperationsMetrics.Backlog> backlog(SqlClient client) {
        return outbox.backlog(client);
    }
}
