package dev.aiim.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Supplier;

/**
 * Delivery is at-least-once, so every consumer applies a message once: the message id is recorded in
 * {@code processed_message} in the same transaction as the message's effect, and a repeat is skipped.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final Clock clock;

    public IdempotentConsumer(Clock clock) {
        this.clock = clock;
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
