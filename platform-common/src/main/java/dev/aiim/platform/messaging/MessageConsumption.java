package dev.aiim.platform.messaging;

import dev.aiim.contracts.MessageType;
import dev.aiim.platform.operations.OperationsMetrics;
import dev.aiim.platform.resilience.TransientFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How every consumer takes a message: read it ({@link ReceivedMessage}), apply it once
 * ({@link IdempotentConsumer}), then acknowledge. A dependency's passing trouble ({@link TransientFailure}: the
 * database restarting, a lost connection, a deadlock) holds the message and retries it with backoff for as long
 * as the trouble lasts, so the consumer pauses instead of losing it. Only a message that can never be applied
 * (unreadable, of an unexpected type, refused by the domain) is nacked, and the channel's
 * {@code failure-strategy=dead-letter-queue} parks it with the reason while the consumer goes on.
 */
@ApplicationScoped
public class MessageConsumption {

    private static final Logger LOG = Logger.getLogger(MessageConsumption.class);

    private final IdempotentConsumer idempotentConsumer;
    private final OperationsMetrics metrics;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Map<String, AtomicLong> transientRetries = new ConcurrentHashMap<>();

    public MessageConsumption(IdempotentConsumer idempotentConsumer, OperationsMetrics metrics,
                              @ConfigProperty(name = "aiim.messaging.retry.first-backoff", defaultValue = "200ms")
                              Duration firstBackoff,
                              @ConfigProperty(name = "aiim.messaging.retry.max-backoff", defaultValue = "10s")
                              Duration maxBackoff) {
        this.idempotentConsumer = idempotentConsumer;
        this.metrics = metrics;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Applies {@code message} once for {@code consumer}: the effect writes through the reactive SQL client's
     * connection of the transaction that also records the message id.
     */
    public Uni<Void> consumeOnceOn(String consumer, Message<String> message, Set<MessageType> expected,
                                   BiFunction<ReceivedMessage, SqlConnection, Uni<Void>> effect) {
        return Uni.createFrom().item(() -> ReceivedMessage.read(message, expected))
                .chain(received -> applyOnce(consumer, received.id(), connection -> effect.apply(received, connection)))
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%s cannot apply a message, sending it to its dead-letter topic: %s",
                            consumer, failure.getMessage());
                    metrics.deadLettered(consumer);
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /**
     * Runs the effect once in its transaction with the idempotency record; a transient failure rolls that
     * transaction back and runs it again after a backoff (doubling up to the maximum, with jitter), until it
     * commits or fails for a reason that is not transient.
     *
     * @return true when the effect ran, false for a message applied before
     */
    public Uni<Boolean> applyOnce(String consumer, String messageId, Function<SqlConnection, Uni<Void>> effect) {
        return Uni.createFrom().deferred(() -> idempotentConsumer.applyOnceOn(consumer, messageId, effect))
                .onFailure(TransientFailure::isCause).invoke(failure -> held(consumer, "message " + messageId, failure))
                .onFailure(TransientFailure::isCause).retry().withBackOff(firstBackoff, maxBackoff).withJitter(0.2)
                .indefinitely();
    }

    /** Counts (and logs) that {@code consumer} holds {@code what} to retry it after a transient failure. */
    void held(String consumer, String what, Throwable failure) {
        transientRetries.computeIfAbsent(consumer, c -> new AtomicLong()).incrementAndGet();
        metrics.retried(consumer);
        LOG.warnf("%s holds %s and retries: a dependency is unavailable (%s)", consumer, what, failure.getMessage());
    }

    /** How often {@code consumer} has retried a message after a transient failure since the service started. */
    public long transientRetries(String consumer) {
        AtomicLong retries = transientRetries.get(consumer);
        return retries == null ? 0 : retries.get();
    }
}
