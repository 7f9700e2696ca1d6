package dev.aiim.detection.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.platform.messaging.CloudEventMessages;
import dev.aiim.platform.problem.ServiceUnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Sends detections to {@code aiim.detections.v1} and completes only when the broker acknowledged them. */
@ApplicationScoped
public class DetectionPublisher {

    public static final String CHANNEL = "detections";
    static final String SOURCE = "/detection-service";
    private static final Logger LOG = Logger.getLogger(DetectionPublisher.class);

    private final MutinyEmitter<String> emitter;

    public DetectionPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publishResolved(DetectionResolved resolution, String messageId) {
        return emitter.sendMessage(CloudEventMessages.outgoing(MessageTypes.DETECTION_RESOLVED, messageId, SOURCE,
                        resolution.correlationKey(), resolution.correlationKey(), resolution.resolvedAt(), resolution))
                .onFailure().transform(failure -> {
                    LOG.warnf("Kafka did not acknowledge the resolution of %s: %s", resolution.detectionId(),
                            failure.getMessage());
                    return new ServiceUnavailableException("The event broker did not accept the resolution; nothing"
                            + " was recorded, retry later", 5);
                });
    }

    public Uni<Void> publish(DetectionRaised detection) {
        return emitter.sendMessage(CloudEventMessages.outgoing(MessageTypes.DETECTION_RAISED, detection.detectionId(),
                        SOURCE, detection.correlationKey(), detection.correlationKey(), detection.detectedAt(), detection))
                .onFailure().transform(failure -> {
                    LOG.warnf("Kafka did not acknowledge detection %s: %s", detection.detectionId(), failure.getMessage());
                    return new ServiceUnavailableException("The event broker did not accept the detection; nothing"
                            + " was recorded, retry later", 5);
                });
    }
}
