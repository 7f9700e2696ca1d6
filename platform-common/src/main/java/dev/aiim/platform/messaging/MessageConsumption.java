package dev.aiim.platform.messaging;

import dev.aiim.contracts.MessageType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * How every consumer takes a message: read it ({@link ReceivedMessage}), apply it once
 * ({@link IdempotentConsumer}), then acknowledge; any failure nacks it, and the channel's
 * {@code failure-strategy=dead-letter-queue} parks it with the reason while the consumer goes on.
 */
@ApplicationScoped
public class MessageConsumption {

    private static final Logger LOG = Logger.getLogger(MessageConsumption.class);

    private final IdempotentConsumer idempotentConsumer;

    public MessageConsumption(IdempotentConsumer idempotentConsumer) {
        this.idempotentConsumer = idempotentConsumer;
    }

    /**
     * Applies {@code message} once for {@code consumer}: the effect writes through the reactive SQL client's
     * connection of the transaction that also records the message id.
     */
    public Uni<Void> consumeOnceOn(String consumer, Message<String> message, Set<MessageType> expected,
                                   BiFunction<ReceivedMessage, SqlConnection, Uni<Void>> effect) {
        return Uni.createFrom().item(() -> ReceivedMessage.read(message, expected))
                .chain(received -> idempotentConsumer.applyOnceOn(consumer, received.id(),
                        connection -> effect.apply(received, connection)))
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%s could not apply a message, sending it to its dead-letter topic: %s",
                            consumer, failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
