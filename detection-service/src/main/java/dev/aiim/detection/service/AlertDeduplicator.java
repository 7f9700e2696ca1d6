package dev.aiim.detection.service;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.IntakeCredentials;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.SystemBinding;
import dev.aiim.detection.repository.AiSystemRepository;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.detection.repository.IntakeSignatureRepository;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Behind the alert log: a batch of accepted alerts becomes detections in one transaction of the reactive SQL client.
 * In order: replays of signed requests are dropped, names the registry does not know are kept out of the
 * detection's system ({@link SystemBinding}), the batch's dedup keys are locked, what they raised before is read in
 * three queries, and {@link AlertDeduplication} decides; the outcome is written with its messages in the detection
 * outbox. A fixed handful of statements per batch, whatever its size. (The consumer records the alerts' ids with
 * the batch, so alerts applied before are never handed here again.)
 */
@ApplicationScoped
public class AlertDeduplicator {

    public static final String CONSUMER = "detection-service/alerts";
    private static final Logger LOG = Logger.getLogger(AlertDeduplicator.class);

    private final IntakeDirectory directory;
    private final AiSystemRepository systems;
    private final RaisedDetectionRepository detections;
    private final IntakeSignatureRepository signatures;
    private final DetectionOutbox outbox;
    private final DetectionConfig config;
    private final AtomicLong batches = new AtomicLong();

    public AlertDeduplicator(IntakeDirectory directory, AiSystemRepository systems,
                             RaisedDetectionRepository detections, IntakeSignatureRepository signatures,
                             DetectionOutbox outbox, DetectionConfig config) {
        this.directory = directory;
        this.systems = systems;
        this.detections = detections;
        this.signatures = signatures;
        this.outbox = outbox;
        this.config = config;
    }

    /** Whether every alert's integration is in the directory (one created a moment ago on another instance may not). */
    public boolean knowsIntegrations(List<AlertReceived> alerts) {
        return alerts.stream().allMatch(a -> directory.byId(a.integrationId()).isPresent());
    }

    /**
     * Applies alerts not applied before (the consumer records their ids with the batch) in the caller's transaction;
     * answers the outcome.
     */
    public Uni<AlertDeduplication.Outcome> apply(SqlConnection connection, List<AlertReceived> batch) {
        return notReplayed(connection, batch).chain(alerts -> raise(connection, alerts));
    }

    /** Drops the alerts of a signed request whose signature came first with another request (a replay). */
    private Uni<List<AlertReceived>> notReplayed(SqlConnection connection, List<AlertReceived> alerts) {
        Map<String, AlertReceived> requests = new HashMap<>();
        alerts.stream().filter(a -> a.signatureHash() != null)
                .forEach(a -> requests.putIfAbsent(a.integrationId() + ":" + a.signatureHash() + ":" + a.requestId(),
                        a));
        if (requests.isEmpty()) {
            return Uni.createFrom().item(alerts);
        }
        // real time, as the replay window is
        Instant now = Instant.now();
        Uni<Void> prune = batches.incrementAndGet() % 100 == 0
                ? signatures.forget(connection, now.minus(IntakeCredentials.SIGNATURE_TOLERANCE.multipliedBy(3)))
                : Uni.createFrom().voidItem();
        Set<String> replayedRequests = new LinkedHashSet<>();
        return prune.chain(() -> firstRequests(connection, new ArrayList<>(requests.values()), 0, now,
                replayedRequests)).map(ignored -> {
                    replayedRequests.forEach(r -> LOG.warnf("A signed request (%s) repeats a signature seen before: a"
                            + " replay, dropped", r));
                    return alerts.stream().filter(a -> !replayedRequests.contains(a.requestId())).toList();
                });
    }

    private Uni<Void> firstRequests(SqlConnection connection, List<AlertReceived> requests, int index, Instant now,
                                    Set<String> replayed) {
        if (index == requests.size()) {
            return Uni.createFrom().voidItem();
        }
        AlertReceived request = requests.get(index);
        return signatures.firstRequest(connection, request.integrationId(), request.signatureHash(),
                        request.requestId(), now)
                .chain(first -> {
                    if (!request.requestId().equals(first)) {
                        replayed.add(request.requestId());
                    }
                    return firstRequests(connection, requests, index + 1, now, replayed);
                });
    }

    private Uni<AlertDeduplication.Outcome> raise(SqlConnection connection, List<AlertReceived> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(new AlertDeduplication.Outcome(List.of(), Map.of(), List.of(), List.of()));
        }
        Map<String, Integration> integrations = new HashMap<>();
        Set<String> named = new LinkedHashSet<>();
        List<AlertReceived> known = new ArrayList<>(alerts.size());
        for (AlertReceived alert : alerts) {
            Integration integration = directory.byId(alert.integrationId()).orElse(null);
            if (integration == null) {
                LOG.errorf("Alert %s names integration %s, which does not exist: dropped", alert.alertId(),
                        alert.integrationId());
                continue;
            }
            integrations.put(integration.id(), integration);
            known.add(alert);
            if (alert.signal() == null && integration.systemId() == null) {
                named.addAll(SystemBinding.named(integration, List.of(inbound(alert))));
            }
        }
        return systems.registeredAmong(connection, named).chain(registered -> {
            List<AlertDeduplication.Arrival> arrivals = new ArrayList<>(known.size());
            for (AlertReceived alert : known) {
                arrivals.add(arrival(integrations.get(alert.integrationId()), alert, registered));
            }
            List<String> keys = arrivals.stream().map(AlertDeduplication.Arrival::key).distinct().toList();
            List<String> episodes = arrivals.stream().map(AlertDeduplication.Arrival::episode)
                    .filter(Objects::nonNull).distinct().toList();
            return detections.lockDedupKeys(connection, keys)
                    .chain(() -> detections.open(connection, keys))
                    .chain(open -> detections.latestIds(connection, keys)
                            .chain(latest -> detections.existing(connection, episodes)
                                    .map(existing -> new AlertDeduplication.Known(open, latest, existing))))
                    .map(before -> AlertDeduplication.apply(arrivals, before, config.dedupWindow()))
                    .call(outcome -> store(connection, outcome));
        });
    }

    private static AlertDeduplication.Arrival arrival(Integration integration, AlertReceived received,
                                                      Set<String> registered) {
        InboundAlert alert = inbound(received);
        if (received.signal() == null) {
            InboundAlert bound = SystemBinding.apply(integration, List.of(alert), registered).get(0);
            return AlertDeduplication.arrival(integration, bound, received.receivedAt());
        }
        AlertReceived.Signal signal = received.signal();
        return new AlertDeduplication.Arrival(AlertDeduplication.dedupKey(integration, alert), alert,
                received.receivedAt(), (a, detectionId) -> new DetectionRaised(detectionId,
                signal.systemId() + ":" + signal.category().name(), AlertDeduplication.dedupKey(integration, a),
                signal.systemId(), signal.category(), a.summary(), signal.severityHint(), DetectionSource.ALERT,
                integration.id(), signal.occurredAt(), received.receivedAt(), a.labels(), a.evidence(), false));
    }

    private static InboundAlert inbound(AlertReceived alert) {
        return new InboundAlert(alert.dedupKey(), alert.firing(), alert.summary(), alert.labels(), alert.startedAt(),
                alert.endedAt(), alert.evidence(), alert.senderGroup(), alert.firingStart());
    }

    private Uni<Void> store(SqlConnection connection, AlertDeduplication.Outcome outcome) {
        return detections.record(connection, outcome.raised(), DetectionRaised::integrationId)
                .chain(() -> detections.countRepeats(connection, outcome.repeats()))
                .chain(() -> detections.markResolved(connection, outcome.resolvedAt()))
                .chain(() -> outbox.detections(connection, outcome.raised(), outcome.resolved()))
                .invoke(() -> log(outcome));
    }

    private static void log(AlertDeduplication.Outcome outcome) {
        outcome.raised().forEach(d -> LOG.infof("Detection %s raised from integration %s (key %s, correlation %s)",
                d.detectionId(), d.integrationId(), d.dedupKey(), d.correlationKey()));
        outcome.resolved().forEach(r -> LOG.infof("Detection %s resolved by its source", r.detectionId()));
        if (!outcome.repeats().isEmpty()) {
            LOG.debugf("Repeats counted: %s", outcome.repeats());
        }
    }
}
