package dev.aiim.reporting.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.reporting.service.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps each AI system's newest version from {@code aiim.ai-systems.v1} (for the client filter). */
@ApplicationScoped
public class AiSystemConsumer {

    public static final String CHANNEL = "ai-systems";
    public static final String CONSUMER = "reporting-service/ai-systems";

    private final MessageConsumption consumption;
    private final ReadModels readModels;

    public AiSystemConsumer(MessageConsumption consumption, ReadModels readModels) {
        this.consumption = consumption;
        this.readModels = readModels;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.AI_SYSTEMS),
                (received, connection) -> readModels.applyAiSystem(connection, received));
    }
}
