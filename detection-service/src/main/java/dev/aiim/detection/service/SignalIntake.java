package dev.aiim.detection.service;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.rest.SignalIntakeRequest;
import dev.aiim.platform.problem.InvalidRequestException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a generic signal into a {@code detection.raised}, through the same path as monitoring alerts: a
 * signal carrying a {@code dedupKey} repeats, rather than raises again, within the dedup window, and the
 * 202 waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class SignalIntake {

    private final AlertIntake intake;
    private final Clock clock;

    public SignalIntake(AlertIntake intake, Clock clock) {
        this.intake = intake;
        this.clock = clock;
    }

    /** The id of the detection the signal raised or repeated. */
    public Uni<String> raise(SignalIntakeRequest signal, Integration integration) {
        String systemId = signal.systemId() != null ? signal.systemId() : integration.systemId();
        if (systemId == null) {
            throw new InvalidRequestException("systemId", "must name the AI system (this integration is not bound to one)");
        }
        Map<String, String> labels = signal.labels() == null ? Map.of() : signal.labels();
        Map<String, Object> evidence = signal.evidence() == null ? Map.of() : signal.evidence();
        String dedupKey = signal.dedupKey() != null ? signal.dedupKey() : UUID.randomUUID().toString();
        InboundAlert alert = new InboundAlert(dedupKey, true, signal.summary(), labels, signal.occurredAt(), null,
                evidence, null);
        return intake.receive(integration, List.of(alert), a -> new DetectionRaised(
                        UUID.randomUUID().toString(),
                        systemId + ":" + signal.category().name(),
                        AlertDeduplication.dedupKey(integration, a),
                        systemId,
                        signal.category(),
                        signal.summary(),
                        signal.severityHint(),
                        DetectionSource.ALERT,
                        integration.id(),
                        signal.occurredAt(),
                        clock.instant(),
                        labels,
                        evidence,
                        false))
                .map(ids -> ids.get(0));
    }
}
