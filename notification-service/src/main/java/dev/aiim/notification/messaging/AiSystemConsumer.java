package dev.aiim.notification.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.messaging.MessageConsumption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps each AI system's owner team and client contacts from {@code aiim.ai-systems.v1}: who is paged for
 * it, and which client contacts hear about its incidents.
 */
@ApplicationScoped
public class AiSystemConsumer {

    public static final String CHANNEL = "ai-systems";
    public static final String CONSUMER = "notification-service/ai-systems";

    private final MessageConsumption consumption;
    private final AiSystemReplica systems;

    public AiSystemConsumer(MessageConsumption consumption, AiSystemReplica systems) {
        this.consumption = consumption;
        this.systems = systems;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.AI_SYSTEMS),
                (received, connection) -> systems.apply(connection, received));
    }
}
