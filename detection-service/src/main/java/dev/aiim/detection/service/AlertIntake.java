package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.IntakeCredentials;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.SystemBinding;
import dev.aiim.detection.messaging.AlertLog;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request side of alert intake: what a sender's request does before its 202, with no database work at all.
 * The alerts are checked against their integration (a bound integration speaks for its own system only: 403
 * otherwise), written to {@code aiim.alerts.v1} ({@link AlertLog}), and answered once Kafka has them. Deduplication
 * and detections follow behind the log ({@link AlertDeduplicator}).
 *
 * <p>A signed request seen before is a replay: this instance remembers the signatures it accepted (for three replay
 * windows) and answers a replay 202 with nothing accepted; a replay that reaches another instance is accepted onto the
 * log and dropped behind it, where the signatures of all instances are kept. A signature is remembered only once its
 * alerts are on the log, so a request that failed may be sent again.
 */
@ApplicationScoped
public class AlertIntake {

    private static final Logger LOG = Logger.getLogger(AlertIntake.class);
    private static final int REMEMBERED_SIGNATURES = 100_000;

    /**
     * @param alertIds     per alert, the id it has on the log
     * @param detectionIds per alert whose sender marks its firing episode, the id of that episode's detection (the one
     *                     it raises, repeats or resolves); the others' become known behind the log
     *                     ({@code GET /api/v1/detections?dedupKey=})
     */
    public record Accepted(List<String> alertIds, List<String> detectionIds) {
        static final Accepted REPLAY = new Accepted(List.of(), List.of());
    }

    private final AlertLog log;
    private final Clock clock;
    /** Signature hash to when it stops mattering (real time). */
    private final Map<String, Instant> signatures = new ConcurrentHashMap<>();

    public AlertIntake(AlertLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Accepts a monitoring system's alerts; 403 when one names a system its integration may not speak for. */
    public Uni<Accepted> accept(Integration integration, List<InboundAlert> alerts, @Nullable String signature) {
        try {
            SystemBinding.check(integration, alerts);
        } catch (SystemBinding.Violation violation) {
            return Uni.createFrom().failure(new ProblemException(ProblemKind.FORBIDDEN, violation.getMessage()));
        }
        return append(integration, alerts, null, signature);
    }

    /** Accepts a generic signal, which names its own system and category (checked by its intake). */
    public Uni<Accepted> accept(Integration integration, InboundAlert alert, AlertReceived.Signal signal,
                                @Nullable String signature) {
        return append(integration, List.of(alert), signal, signature);
    }

    private Uni<Accepted> append(Integration integration, List<InboundAlert> alerts,
                                 @Nullable AlertReceived.Signal signal, @Nullable String signature) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(new Accepted(List.of(), List.of()));
        }
        String signatureHash = signature == null ? null : IntakeCredentials.hash(signature);
        // real time, as the replay window is (never the platform clock a game day moves)
        Instant realNow = Instant.now();
        String remembered = signatureHash == null ? null : integration.id() + ":" + signatureHash;
        if (remembered != null && signatures.getOrDefault(remembered, Instant.MIN).isAfter(realNow)) {
            LOG.warnf("Integration %s sent a signature seen before: a replay, dropped", integration.id());
            return Uni.createFrom().item(Accepted.REPLAY);
        }
        String requestId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<AlertReceived> records = new ArrayList<>(alerts.size());
        List<String> detectionIds = new ArrayList<>();
        for (InboundAlert alert : alerts) {
            records.add(new AlertReceived(UUID.randomUUID().toString(), requestId, integration.id(), alert.dedupKey(),
                    alert.firing(), alert.summary(), alert.labels(), alert.startedAt(), alert.endedAt(),
                    alert.firingStart(), alert.evidence(), alert.senderGroup(), now, signatureHash, signal));
            if (alert.firingStart() != null) {
                detectionIds.add(AlertDeduplication.episodeId(AlertDeduplication.dedupKey(integration, alert),
                        alert.firingStart()));
            }
        }
        return log.append(records).invoke(() -> {
            if (remembered != null) {
                remember(remembered, realNow);
            }
        }).replaceWith(new Accepted(records.stream().map(AlertReceived::alertId).toList(),
                detectionIds));
    }

    private void remember(String signature, Instant now) {
        if (signatures.size() >= REMEMBERED_SIGNATURES) {
            signatures.values().removeIf(until -> !until.isAfter(now));
        }
        signatures.put(signature, now.plus(IntakeCredentials.SIGNATURE_TOLERANCE.multipliedBy(3)));
    }
}
