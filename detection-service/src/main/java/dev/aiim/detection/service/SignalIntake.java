package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.ReportedTimes;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.rest.SignalIntakeRequest;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Takes a generic signal through the same path as monitoring alerts ({@link AlertIntake}): onto the alert log, then
 * deduplicated behind it. A signal carrying a {@code dedupKey} repeats, rather than raises again, within the dedup
 * window; one that also carries {@code occurredAt} is that occurrence's detection. The answer names the detection's
 * id whenever it is known before deduplication.
 */
@ApplicationScoped
public class SignalIntake {

    private final AlertIntake intake;
    private final IntakeDirectory directory;
    private final Clock clock;

    public SignalIntake(AlertIntake intake, IntakeDirectory directory, Clock clock) {
        this.intake = intake;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Accepts the signal. A bound integration speaks for its own system only (403 otherwise); an unbound one must name
     * a registered system (400 otherwise).
     */
    public Uni<AlertIntake.Accepted> accept(SignalIntakeRequest signal, Integration integration,
                                            @Nullable String signature) {
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
        if (bound == null && !directory.registered(systemId)) {
            throw new InvalidRequestException("systemId", "is not a registered AI system");
        }
        Map<String, String> labels = signal.labels() == null ? Map.of() : signal.labels();
        Map<String, Object> evidence = signal.evidence() == null ? Map.of() : signal.evidence();
        // Without a dedupKey every signal is its own (a retry too), under a key of its own: its detection's id is
        // known now. With one, retries and repeats join: the occurrence its occurredAt names, or, without one, the
        // key's detection within the dedup window (known only behind the log).
        boolean keyed = signal.dedupKey() != null;
        String dedupKey = keyed ? signal.dedupKey() : UUID.randomUUID().toString();
        Instant occurrence = signal.occurredAt() != null || keyed ? signal.occurredAt() : clock.instant();
        InboundAlert alert = new InboundAlert(dedupKey, true, signal.summary(), labels, signal.occurredAt(), null,
                evidence, null, occurrence);
        return intake.accept(integration, alert, new AlertReceived.Signal(systemId, signal.category(),
                signal.severityHint(), signal.occurredAt()), signature);
    }
}
