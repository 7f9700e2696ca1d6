package dev.aiim.detection.service;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.messaging.DetectionPublisher;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import dev.aiim.detection.rest.SignalIntakeRequest;
import dev.aiim.platform.problem.InvalidRequestException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a signal into a {@code detection.raised}. The row and the broker's acknowledgement share one
 * transaction: the row commits only after Kafka has the message, so a 202 means durable, and a broker
 * failure rolls the row back and answers 503.
 */
@ApplicationScoped
public class SignalIntake {

    private static final Logger LOG = Logger.getLogger(SignalIntake.class);

    private final RaisedDetectionRepository detections;
    private final DetectionPublisher publisher;
    private final Clock clock;

    public SignalIntake(RaisedDetectionRepository detections, DetectionPublisher publisher, Clock clock) {
        this.detections = detections;
        this.publisher = publisher;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<String> raise(SignalIntakeRequest signal, Integration integration) {
        Instant now = clock.instant();
        String systemId = signal.systemId() != null ? signal.systemId() : integration.systemId();
        if (systemId == null) {
            throw new InvalidRequestException("systemId", "must name the AI system (this integration is not bound to one)");
        }
        String raisedBy = integration.id();
        DetectionRaised detection = new DetectionRaised(
                UUID.randomUUID().toString(),
                systemId + ":" + signal.category().name(),
                signal.dedupKey(),
                systemId,
                signal.category(),
                signal.summary(),
                signal.severityHint(),
                DetectionSource.ALERT,
                integration.id(),
                signal.occurredAt(),
                now,
                signal.labels() == null ? Map.of() : signal.labels(),
                signal.evidence() == null ? Map.of() : signal.evidence(),
                false);
        return detections.record(detection, raisedBy)
                .chain(() -> publisher.publish(detection))
                .invoke(() -> LOG.infof("Detection %s raised for %s (%s)", detection.detectionId(),
                        detection.correlationKey(), raisedBy))
                .replaceWith(detection.detectionId());
    }
}
