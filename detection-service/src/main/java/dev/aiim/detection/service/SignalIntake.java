package dev.aiim.detection.service;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.ReportedTimes;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.repository.AiSystemRepository;
import dev.aiim.detection.rest.SignalIntakeRequest;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a generic signal into a {@code detection.raised}, through the same path as monitoring alerts: a
 * signal carrying a {@code dedupKey} repeats, rather than raises again, within the dedup window, and the
 * 202 waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class SignalIntake {

    private final AlertIntake intake;
    private final AiSystemRepository systems;
    private final Pool pool;
    private final Clock clock;

    public SignalIntake(AlertIntake intake, AiSystemRepository systems, Pool pool, Clock clock) {
        this.intake = intake;
        this.systems = systems;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * The detection the signal raised or repeated, as a list of its one id (empty for a replayed signed
     * request). A bound integration speaks for its own system only (403 otherwise); an unbound one must name a
     * registered system (400 otherwise).
     */
    public Uni<List<String>> raise(SignalIntakeRequest signal, Integration integration, @Nullable String signature) {
        String bound = integration.systemId();
        if (bound != null && signal.systemId() != null && !bound.equals(signal.systemId())) {
            throw new ProblemException(ProblemKind.FORBIDDEN, "Integration " + integration.id()
                    + " speaks for AI system '" + bound + "' only; the signal names '" + signal.systemId() + "'");
        }
        String occurredProblem = signal.occurredAt() == null ? null
                : ReportedTimes.problem(signal.occurredAt(), clock.instant());
        if (occurredProblem != null) {
            throw new InvalidRequestException("occurredAt", occurredProblem);
        }
        String systemId = signal.systemId() != null ? signal.systemId() : bound;
        if (systemId == null) {
            throw new InvalidRequestException("systemId",
                    "must name the AI system (this integration is not bound to one)");
        }
        Uni<Void> registered = bound != null ? Uni.createFrom().voidItem()
                : systems.registeredAmong(pool, Set.of(systemId)).map(known -> {
                    if (known.isEmpty()) {
                        throw new InvalidRequestException("systemId", "is not a registered AI system");
                    }
                    return null;
                });
        return registered.chain(() -> raise(signal, integration, systemId, signature));
    }

    private Uni<List<String>> raise(SignalIntakeRequest signal, Integration integration, String systemId,
                                    @Nullable String signature) {
        Map<String, String> labels = signal.labels() == null ? Map.of() : signal.labels();
        Map<String, Object> evidence = signal.evidence() == null ? Map.of() : signal.evidence();
        String dedupKey = signal.dedupKey() != null ? signal.dedupKey() : UUID.randomUUID().toString();
        InboundAlert alert = new InboundAlert(dedupKey, true, signal.summary(), labels, signal.occurredAt(), null,
                evidence, null);
        return intake.receive(integration, List.of(alert), (a, detectionId) -> new DetectionRaised(
                        detectionId,
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
                        false), signature);
    }
}
