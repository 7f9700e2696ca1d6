package dev.aiim.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Delivery is at-least-once, so every consumer applies a message once: the message id is recorded in
 * {@code processed_message} in the same transaction as the message's effect, and a repeat is skipped.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final Clock clock;
    private final Pool pool;

    public IdempotentConsumer(Clock clock, Pool pool) {
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * Runs {@code effect} unless {@code consumer} already applied {@code messageId}, in one transaction of the
     * reactive SQL client: the effect writes through the connection it is given, and both commit together.
     *
     * @return true when the effect ran, false for a repeat
     */
    public Uni<Boolean> applyOnceOn(String consumer, String messageId, Function<SqlConnection, Uni<Void>> effect) {
        return pool.withTransaction(connection -> connection.preparedQuery(
                        "insert into processed_message (consumer, message_id, processed_at) values ($1, $2, $3)"
                                + " on conflict do nothing")
                .execute(Tuple.of(consumer, messageId, OffsetDateTime.now(clock)))
                .chain(inserted -> {
                    if (inserted.rowCount() == 0) {
                        LOG.debugf("%s skips message %s: already applied", consumer, messageId);
                        return Uni.createFrom().item(false);
                    }
                    return effect.apply(connection).replaceWith(true);
                }));
    }

    /**
     * Runs {@code effect} unless {@code consumer} already applied {@code messageId}; both commit together.
     *
     * @return true when the effect ran, false for a repeat
     */
    @WithTransaction
    public Uni<Boolean> applyOnce(String consumer, String messageId, Supplier<Uni<Void>> effect) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "insert into processed_message (consumer, message_id, processed_at)"
                                        + " values (:consumer, :id, :at) on conflict do nothing")
                        .setParameter("consumer", consumer)
                        .setParameter("id", messageId)
                        .setParameter("at", OffsetDateTime.now(clock))
                        .executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        LOG.debugf("%s skips message %s: already applied", consumer, messageId);
                        return Uni.createFrom().item(false);
                    }
                    return effect.get().replaceWith(true);
                });
    }

    /** Whether {@code consumer} has applied {@code messageId}. */
    @WithTransaction
    public Uni<Boolean> applied(String consumer, String messageId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select count(*) from processed_message where consumer = :consumer and message_id = :id",
                                Long.class)
                        .setParameter("consumer", consumer)
                        .setParameter("id", messageId)
                        .getSingleResult())
                .map(count -> count > 0);
    }
}
