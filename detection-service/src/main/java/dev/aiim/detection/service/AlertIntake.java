package dev.aiim.detection.service;

import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.SystemBinding;
import dev.aiim.detection.messaging.DetectionPublisher;
import dev.aiim.detection.repository.AiSystemRepository;
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
import java.util.function.Function;

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
    private final Clock clock;

    public AlertIntake(Pool pool, AiSystemRepository systems, RaisedDetectionRepository detections,
                       DetectionPublisher publisher, DetectionConfig config, Clock clock) {
        this.pool = pool;
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
    public Uni<List<String>> receive(Integration integration, List<InboundAlert> alerts) {
        return systems.registeredAmong(pool, SystemBinding.named(integration, alerts)).chain(registered -> {
            List<InboundAlert> checked;
            try {
                checked = SystemBinding.apply(integration, alerts, registered);
            } catch (SystemBinding.Violation violation) {
                return Uni.createFrom().failure(new ProblemException(ProblemKind.FORBIDDEN, violation.getMessage()));
            }
            return receive(integration, checked, null);
        });
    }

    /**
     * As above, without the system check; {@code raise}, when given, makes the detection for a new alert instead
     * of the normalisation rules (a signal, whose system its intake checked).
     */
    public Uni<List<String>> receive(Integration integration, List<InboundAlert> alerts,
                                     Function<InboundAlert, DetectionRaised> raise) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> keys = alerts.stream().map(a -> AlertDeduplication.dedupKey(integration, a)).distinct().toList();
        return pool.withTransaction(connection -> detections.lockDedupKeys(connection, keys)
                .chain(() -> detections.open(connection, keys))
                .chain(open -> {
                    Instant now = clock.instant();
                    AlertDeduplication.Outcome outcome = raise == null
                            ? AlertDeduplication.apply(integration, alerts, open, config.dedupWindow(), now)
                            : AlertDeduplication.apply(integration, alerts, open, config.dedupWindow(), now, raise);
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
