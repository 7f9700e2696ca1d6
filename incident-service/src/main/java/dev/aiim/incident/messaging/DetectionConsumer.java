package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.incident.repository.DetectionSignalRepository;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Set;

/**
 * Takes detections from {@code aiim.detections.v1}, once each, and records them as signals.
 * A message that is not a readable detection goes to {@code aiim.dead-letters.incident-service.v1}.
 */
@ApplicationScoped
public class DetectionConsumer {

    public static final String CHANNEL = "detections";
    public static final String CONSUMER = "incident-service/detections";
    private static final Logger LOG = Logger.getLogger(DetectionConsumer.class);

    private final MessageConsumption consumption;
    private final DetectionSignalRepository signals;
    private final Clock clock;

    public DetectionConsumer(MessageConsumption consumption, DetectionSignalRepository signals, Clock clock) {
        this.consumption = consumption;
        this.signals = signals;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnce(CONSUMER, message,
                Set.of(MessageTypes.DETECTION_RAISED, MessageTypes.DETECTION_RESOLVED), this::apply);
    }

    private Uni<Void> apply(ReceivedMessage message) {
        if (message.data() instanceof DetectionRaised raised) {
            LOG.infof("Detection %s received (correlation %s, system %s)", raised.detectionId(),
                    raised.correlationKey(), raised.systemId());
            return signals.recordRaised(raised, clock.instant());
        }
        DetectionResolved resolved = message.data(DetectionResolved.class);
        LOG.infof("Detection %s resolved at source", resolved.detectionId());
        return signals.recordResolved(resolved);
    }
}
