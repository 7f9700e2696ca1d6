package dev.aiim.notification.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.aisystem.AiSystemRegistered;
import dev.aiim.contracts.aisystem.AiSystemUpdated;
import dev.aiim.notification.repository.IncidentFactsRepository;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
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
    private final IncidentFactsRepository facts;

    public AiSystemConsumer(MessageConsumption consumption, IncidentFactsRepository facts) {
        this.consumption = consumption;
        this.facts = facts;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnce(CONSUMER, message, MessageTypes.onTopic(Topics.AI_SYSTEMS), this::apply);
    }

    private Uni<Void> apply(ReceivedMessage message) {
        if (message.type() == MessageTypes.AI_SYSTEM_REGISTERED) {
            return facts.rememberSystem(message.data(AiSystemRegistered.class).system());
        }
        return facts.rememberSystem(message.data(AiSystemUpdated.class).system());
    }
}
