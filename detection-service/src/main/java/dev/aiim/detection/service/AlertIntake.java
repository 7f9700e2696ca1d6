package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.IntakeCredentials;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.SystemBinding;
import dev.aiim.detection.messaging.DetectionPublisher;
import dev.aiim.detection.repository.AiSystemRepository;
import dev.aiim.detection.repository.IntakeSignatureRepository;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Alerts from monitoring systems become detections (see {@link AlertDeduplication} for what each alert
 * does). One transaction per request: the request's dedup keys are locked, their open detections read in
 * one query, the outcome written in batches, and every resulting message sent to Kafka at once; the
 * transaction commits only when the broker has acknowledged them all. So a 202 means durable, and a
 * broker failure means 503 with nothing recorded.
 *
 * <p>This path uses the reactive SQL client rather than Hibernate Reactive: it is the service's hot path,
 * and a handful of plain statements per request is what let it keep up with a monitoring system's bursts
 * (docs/benchmarks.md).
 */
@ApplicationScoped
public class AlertIntake {

    private static final Logger LOG = Logger.getLogger(AlertIntake.class);

    private final Pool pool;
    private final AiSystemRepository systems;
    private final RaisedDetectionRepository detections;
    private final DetectionPublisher publisher;
    private final DetectionConfig config;
    private final IntakeSignatureRepository signatures;
    private final Clock clock;
    private final AtomicLong signed = new AtomicLong();

    public AlertIntake(Pool pool, AiSystemRepository systems, RaisedDetectionRepository detections,
                       DetectionPublisher publisher, DetectionConfig config, IntakeSignatureRepository signatures,
                       Clock clock) {
        this.pool = pool;
        this.signatures = signatures;
        this.systems = systems;
        this.detections = detections;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Answers, per alert in order, the id of the detection it raised, repeated or resolved (or none). The alerts
     * may name only systems their integration speaks for ({@link SystemBinding}): 403 otherwise.
     */
    public Uni<List<String>> receive(Integration integration, List<InboundAlert> alerts, @Nullable String signature) {
        return systems.registeredAmong(pool, SystemBinding.named(integration, alerts)).chain(registered -> {
            List<InboundAlert> checked;
            try {
                checked = SystemBinding.apply(integration, alerts, registered);
            } catch (SystemBinding.Violation violation) {
                return Uni.createFrom().failure(new ProblemException(ProblemKind.FORBIDDEN, violation.getMessage()));
            }
            return receive(integration, checked, null, signature);
        });
    }

    /**
     * As above, without the system check; {@code raise}, when given, makes the detection for a new alert instead
     * of the normalisation rules (a signal, whose system its intake checked). A signed request whose signature
     * was seen before is a replay: it answers no ids and raises, repeats and resolves nothing.
     */
    public Uni<List<String>> receive(Integration integration, List<InboundAlert> alerts,
                                     BiFunction<InboundAlert, String, DetectionRaised> raise,
                                     @Nullable String signature) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> keys = alerts.stream().map(a -> AlertDeduplication.dedupKey(integration, a)).distinct().toList();
        return pool.withTransaction(connection -> firstSeen(connection, integration, signature).chain(first -> {
            if (!first) {
                LOG.warnf("Integration %s sent a signature seen before: a replay, dropped", integration.id());
                return Uni.createFrom().item(List.<String>of());
            }
            return deduplicateAndRaise(connection, integration, alerts, raise, keys);
        }));
    }

    /**
     * Whether the request is not a replay: true without a signature; with one, true the first time it is seen
     * (within the transaction that raises, so a request that fails may be sent again). Every so often the
     * signatures outside every replay window are forgotten.
     */
    private Uni<Boolean> firstSeen(SqlConnection connection, Integration integration, @Nullable String signature) {
        if (signature == null) {
            return Uni.createFrom().item(true);
        }
        // real time, as the replay window is (never the platform clock a game day moves)
        Instant now = Instant.now();
        Uni<Void> prune = signed.incrementAndGet() % 100 == 0
                ? signatures.forget(connection, now.minus(IntakeCredentials.SIGNATURE_TOLERANCE.multipliedBy(3)))
                : Uni.createFrom().voidItem();
        return prune.chain(() -> signatures.firstSeen(connection, integration.id(), IntakeCredentials.hash(signature),
                now));
    }

    private Uni<List<String>> deduplicateAndRaise(SqlConnection connection, Integration integration,
                                                  List<InboundAlert> alerts,
                                                  BiFunction<InboundAlert, String, DetectionRaised> raise,
                                                  List<String> keys) {
        return detections.lockDedupKeys(connection, keys)
                .chain(() -> detections.open(connection, keys))
                .chain(open -> detections.latestIds(connection, keys).chain(latest -> {
                    Instant now = clock.instant();
                    AlertDeduplication.Outcome outcome = raise == null
                            ? AlertDeduplication.apply(integration, alerts, open, latest, config.dedupWindow(), now)
                            : AlertDeduplication.apply(integration, alerts, open, latest, config.dedupWindow(), now,
                            raise);
                    return store(connection, integration, outcome)
                            .chain(() -> publish(outcome))
                            .invoke(() -> log(integration, outcome))
                            .replaceWith(outcome.detectionIds());
                }));
    }

    private Uni<Void> store(SqlConnection connection, Integration integration, AlertDeduplication.Outcome outcome) {
        return detections.record(connection, outcome.raised(), integration.id())
                .chain(() -> detections.countRepeats(connection, outcome.repeats()))
                .chain(() -> detections.markResolved(connection, outcome.resolvedAt()));
    }

    /** All of the request's messages go out together, so the producer batches them and one wait covers all. */
    private Uni<Void> publish(AlertDeduplication.Outcome outcome) {
        List<Uni<Void>> sends = new ArrayList<>();
        outcome.raised().forEach(detection -> sends.add(publisher.publish(detection)));
        outcome.resolved().forEach(resolution -> sends.add(publisher.publishResolved(resolution,
                resolution.detectionId() + ":resolved")));
        return sends.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static void log(Integration integration, AlertDeduplication.Outcome outcome) {
        outcome.raised().forEach(d -> LOG.infof("Detection %s raised from %s integration %s (key %s, correlation %s)",
                d.detectionId(), integration.type(), integration.id(), d.dedupKey(), d.correlationKey()));
        outcome.resolved().forEach(r -> LOG.infof("Detection %s resolved by its source", r.detectionId()));
        if (!outcome.repeats().isEmpty()) {
            LOG.debugf("Repeats counted: %s", outcome.repeats());
        }
    }
}
