package dev.aiim.detection.service;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.NormalizationRules;
import dev.aiim.detection.messaging.DetectionPublisher;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Alerts from monitoring systems become detections: a firing alert raises one (or counts as a repeat of
 * the one its fingerprint raised within the window), a resolved alert resolves it. All of a request's
 * detections are acknowledged by Kafka before its transaction commits: a 202 means durable, a broker
 * failure means 503 and nothing recorded.
 */
@ApplicationScoped
public class AlertIntake {

    private static final Logger LOG = Logger.getLogger(AlertIntake.class);

    private final RaisedDetectionRepository detections;
    private final DetectionPublisher publisher;
    private final DetectionConfig config;
    private final Clock clock;

    public AlertIntake(RaisedDetectionRepository detections, DetectionPublisher publisher, DetectionConfig config,
                       Clock clock) {
        this.detections = detections;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /** Answers, per alert in order, the id of the detection it raised, repeated or resolved (or none). */
    @WithTransaction
    public Uni<List<String>> receive(Integration integration, List<InboundAlert> alerts) {
        return Multi.createFrom().iterable(alerts)
                .onItem().transformToUniAndConcatenate(alert -> alert.firing() ? fire(integration, alert)
                        : resolve(integration, alert))
                .collect().asList()
                .map(ids -> ids.stream().filter(Optional::isPresent).map(Optional::get).toList());
    }

    private String dedupKey(Integration integration, InboundAlert alert) {
        return integration.id() + ":" + alert.dedupKey();
    }

    private Uni<Optional<String>> fire(Integration integration, InboundAlert alert) {
        Instant now = clock.instant();
        String dedupKey = dedupKey(integration, alert);
        return detections.openFor(dedupKey, now.minus(config.dedupWindow())).chain(open -> {
            if (open.isPresent()) {
                LOG.debugf("Alert %s repeats detection %s", dedupKey, open.get());
                return detections.countRepeat(open.get()).replaceWith(open);
            }
            DetectionRaised detection = raised(integration, alert, dedupKey, now);
            return detections.record(detection, integration.id())
                    .chain(() -> publisher.publish(detection))
                    .invoke(() -> LOG.infof("Detection %s raised from %s alert %s (correlation %s)",
                            detection.detectionId(), integration.type(), alert.dedupKey(), detection.correlationKey()))
                    .replaceWith(Optional.of(detection.detectionId()));
        });
    }

    private Uni<Optional<String>> resolve(Integration integration, InboundAlert alert) {
        String dedupKey = dedupKey(integration, alert);
        return detections.latestOpen(dedupKey).chain(open -> {
            if (open.isEmpty()) {
                LOG.debugf("Resolution of %s matches no open detection; nothing to resolve", dedupKey);
                return Uni.createFrom().item(Optional.<String>empty());
            }
            DetectionRaised raised = open.get();
            Instant at = alert.endedAt() != null ? alert.endedAt() : clock.instant();
            DetectionResolved resolution = new DetectionResolved(raised.detectionId(), raised.correlationKey(),
                    raised.dedupKey(), raised.systemId(), raised.category(), alert.summary(), raised.source(), at,
                    raised.simulation());
            return detections.markResolved(raised.detectionId(), at)
                    .chain(() -> publisher.publishResolved(resolution, raised.detectionId() + ":resolved"))
                    .invoke(() -> LOG.infof("Detection %s resolved by its source", raised.detectionId()))
                    .replaceWith(Optional.of(raised.detectionId()));
        });
    }

    private static DetectionRaised raised(Integration integration, InboundAlert alert, String dedupKey, Instant now) {
        NormalizationRules rules = integration.rules();
        IncidentCategory category = rules.category(alert.labels());
        String systemId = rules.system(alert.labels(), integration.systemId());
        String correlationKey = rules.correlationKey(systemId, category, integration.id(), alert.senderGroup());
        Instant occurredAt = alert.startedAt() != null && !alert.startedAt().isAfter(now) ? alert.startedAt() : null;
        return new DetectionRaised(UUID.randomUUID().toString(), correlationKey, dedupKey, systemId, category,
                alert.summary(), rules.severity(alert.labels()), DetectionSource.ALERT, integration.id(), occurredAt, now,
                alert.labels(), evidence(alert, rules), false);
    }

    private static Map<String, Object> evidence(InboundAlert alert, NormalizationRules rules) {
        String modelVersion = alert.labels().get(rules.modelVersionLabel());
        if (modelVersion == null) {
            return alert.evidence();
        }
        Map<String, Object> evidence = new java.util.LinkedHashMap<>(alert.evidence());
        evidence.put("modelVersion", modelVersion);
        return evidence;
    }
}
