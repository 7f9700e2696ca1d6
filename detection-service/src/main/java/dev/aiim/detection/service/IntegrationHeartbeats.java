package dev.aiim.detection.service;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.detection.messaging.DetectionRelay;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.detection.repository.IntegrationHeartbeatRepository;
import dev.aiim.detection.repository.IntegrationHeartbeatRepository.Watched;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dead-man's switch of integrations that promise a heartbeat (Alertmanager's always-firing Watchdog alert,
 * for example): one silent for longer than its interval raises an AVAILABILITY detection, "integration silent",
 * suggested SEV2 because the alerts it carries can no longer reach anyone; heard from again (or revoked, or its
 * promise withdrawn) the detection is resolved. Checked on the monitor scheduler's rounds, by one replica at a
 * time, in one transaction with the detections' outbox.
 */
@ApplicationScoped
public class IntegrationHeartbeats {

    private static final Logger LOG = Logger.getLogger(IntegrationHeartbeats.class);

    private final Pool pool;
    private final IntegrationHeartbeatRepository heartbeats;
    private final RaisedDetectionRepository detections;
    private final DetectionOutbox outbox;
    private final DetectionRelay relay;

    public IntegrationHeartbeats(Pool pool, IntegrationHeartbeatRepository heartbeats,
                                 RaisedDetectionRepository detections, DetectionOutbox outbox, DetectionRelay relay) {
        this.pool = pool;
        this.heartbeats = heartbeats;
        this.detections = detections;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** One round at {@code now}: answers how many detections it raised or resolved. */
    public Uni<Integer> check(Instant now) {
        return pool.withTransaction(connection -> heartbeats.lock(connection).chain(locked -> !locked
                        ? Uni.createFrom().item(0)
                        : heartbeats.watched(connection).chain(watched -> apply(connection, watched, now))))
                .invoke(changed -> {
                    if (changed > 0) {
                        relay.wake(); // committed: the outbox has them
                    }
                });
    }

    private Uni<Integer> apply(SqlClient connection, List<Watched> watched, Instant now) {
        List<DetectionRaised> raised = new ArrayList<>();
        List<DetectionResolved> resolved = new ArrayList<>();
        Uni<Void> writes = Uni.createFrom().voidItem();
        for (Watched w : watched) {
            boolean silent = w.active() && w.interval() != null && w.lastSeenAt().plus(w.interval()).isBefore(now);
            if (silent && w.detectionId() == null) {
                DetectionRaised detection = silence(w, now);
                raised.add(detection);
                LOG.warnf("Integration %s (%s) silent since %s: detection %s", w.integrationId(), w.type(),
                        w.lastSeenAt(), detection.detectionId());
                writes = writes.chain(() -> heartbeats.silence(connection, w.integrationId(), detection.detectionId(),
                        w.lastSeenAt()));
            } else if (!silent && w.detectionId() != null) {
                String why = !w.active() ? "was revoked" : w.interval() == null ? "no longer promises a heartbeat"
                        : "is heard from again";
                resolved.add(new DetectionResolved(w.detectionId(), correlationKey(w), dedupKey(w), w.systemId(),
                        IncidentCategory.AVAILABILITY, "Integration " + w.name() + " " + why, DetectionSource.MONITOR,
                        now, false));
                writes = writes.chain(() -> heartbeats.silence(connection, w.integrationId(), null, null));
            }
        }
        if (raised.isEmpty() && resolved.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, Instant> resolutions = new LinkedHashMap<>();
        resolved.forEach(r -> resolutions.put(r.detectionId(), r.resolvedAt()));
        return writes.chain(() -> detections.record(connection, raised, "heartbeat"))
                .chain(() -> detections.markResolved(connection, resolutions))
                .chain(() -> outbox.detections(connection, raised, resolved))
                .replaceWith(raised.size() + resolved.size());
    }

    private static DetectionRaised silence(Watched w, Instant now) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("monitor", "INTEGRATION_HEARTBEAT");
        evidence.put("integrationId", w.integrationId());
        evidence.put("integrationType", w.type().name());
        evidence.put("heartbeatInterval", w.interval().toString());
        evidence.put("lastSeenAt", w.heardFrom() ? w.lastSeenAt().toString() : null);
        evidence.put("silentSeconds", Duration.between(w.lastSeenAt(), now).toSeconds());
        String since = w.heardFrom() ? "nothing received since " + w.lastSeenAt()
                : "nothing received since it was created at " + w.lastSeenAt();
        return new DetectionRaised(UUID.randomUUID().toString(), correlationKey(w), dedupKey(w), w.systemId(),
                IncidentCategory.AVAILABILITY, "Integration " + w.name() + " (" + w.type() + ") is silent: " + since
                + ", and it promised something every " + w.interval() + ". Its alerts may not be reaching anyone",
                Severity.SEV2, DetectionSource.MONITOR, w.integrationId(), w.lastSeenAt(), now,
                Map.of("monitor", "integration_heartbeat", "integration", w.integrationId()), evidence, false);
    }

    private static String dedupKey(Watched w) {
        return "heartbeat:integration:" + w.integrationId();
    }

    /** With the system's other availability detections when it speaks for one; on its own otherwise. */
    private static String correlationKey(Watched w) {
        return (w.systemId() != null ? w.systemId() : "integration:" + w.integrationId()) + ":"
                + IncidentCategory.AVAILABILITY.name();
    }
}
