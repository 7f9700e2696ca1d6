package dev.aiim.detection.messaging;

import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.AiSystemRegistered;
import dev.aiim.contracts.aisystem.AiSystemUpdated;
import dev.aiim.platform.messaging.CloudEventMessages;
import dev.aiim.platform.problem.ServiceUnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Sends every registry change, the whole system keyed by its id, to the compacted {@code aiim.ai-systems.v1}. */
@ApplicationScoped
public class AiSystemPublisher {

    public static final String CHANNEL = "ai-systems";
    private static final Logger LOG = Logger.getLogger(AiSystemPublisher.class);

    private final MutinyEmitter<String> emitter;

    public AiSystemPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(AiSystem system, boolean registered, String by, Instant at) {
        MessageType type = registered ? MessageTypes.AI_SYSTEM_REGISTERED : MessageTypes.AI_SYSTEM_UPDATED;
        Object data = registered ? new AiSystemRegistered(system, by, at) : new AiSystemUpdated(system, by, at);
        return emitter.sendMessage(CloudEventMessages.outgoing(type, system.id() + ":" + system.version(),
                        DetectionPublisher.SOURCE, system.id(), system.id(), at, data))
                .onFailure().transform(failure -> {
                    LOG.warnf("Kafka did not acknowledge the change of system %s: %s", system.id(), failure.getMessage());
                    return new ServiceUnavailableException("The event broker did not accept the registry change;"
                            + " nothing was changed, retry later", 5);
                });
    }
}
