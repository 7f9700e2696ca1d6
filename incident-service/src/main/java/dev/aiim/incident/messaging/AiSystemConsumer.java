package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.messaging.MessageConsumption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps the AI-system registry from {@code aiim.ai-systems.v1}: the console shows an incident's system (risk tier,
 * live model version) and offers its known-good versions for a rollback.
 */
@ApplicationScoped
public class AiSystemConsumer {

    public static final String CHANNEL = "ai-systems";
    public static final String CONSUMER = "incident-service/ai-systems";

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
