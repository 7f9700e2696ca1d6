package dev.aiim.incident.service;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.projection.IncidentViewProjection;
import dev.aiim.incident.repository.DetectionSignalRepository;
import dev.aiim.platform.problem.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Phase 1 without a human in the loop: a detection opens an incident in DETECTED, or joins the open
 * incident with the same correlation key as another signal. Runs in the consumer's transaction, so the
 * incident's events and the record that the message was applied commit together.
 */
@ApplicationScoped
public class DetectionIntake {

    /** Who the incident records as acting when a detection opens or joins an incident. */
    public static final Actor DETECTION_ACTOR = new Actor("incident-service", "Detection intake",
            List.of(IncidentDecider.SYSTEM));
    private static final Logger LOG = Logger.getLogger(DetectionIntake.class);
    /** Another writer on the same incident (a commander mid-triage) wins the race; the signal is retried. */
    private static final int CONFLICT_RETRIES = 5;

    private final IncidentCommandService commands;
    private final IncidentViewProjection views;
    private final DetectionSignalRepository signals;
    private final Clock clock;

    public DetectionIntake(IncidentCommandService commands, IncidentViewProjection views,
                           DetectionSignalRepository signals, Clock clock) {
        this.commands = commands;
        this.views = views;
        this.signals = signals;
        this.clock = clock;
    }

    /** Opens or joins; answers the incident id. {@code messageId} is the CloudEvents id (the causation). */
    public Uni<String> raised(SqlConnection connection, DetectionRaised detection, String messageId) {
        return signals.recordRaised(connection, detection, clock.instant())
                .chain(() -> serialisePerKey(connection, detection.correlationKey()))
                .chain(() -> openOrJoin(connection, detection, messageId)
                        .onFailure(ConflictException.class).retry().atMost(CONFLICT_RETRIES))
                .call(incidentId -> signals.linkToIncident(connection, detection.detectionId(), incidentId));
    }

    private Uni<String> openOrJoin(SqlConnection connection, DetectionRaised detection, String messageId) {
        Map<String, Object> evidence = detection.evidence() == null ? Map.of() : detection.evidence();
        return views.openIncidentFor(connection, detection.correlationKey()).chain(open -> {
            if (open.isPresent()) {
                String incidentId = open.get();
                LOG.infof("Detection %s joins incident %s (correlation %s)", detection.detectionId(), incidentId,
                        detection.correlationKey());
                return commands.execute(connection, incidentId, null, new IncidentCommand.AttachSignal(
                                detection.detectionId(), detection.source(), detection.summary(),
                                detection.correlationKey(), detection.detectedAt(), detection.suggestedSeverity(),
                                evidence), DETECTION_ACTOR, detection.detectionId(), messageId).replaceWith(incidentId);
            }
            return commands.declare(connection, new IncidentCommand.DeclareIncident(detection.summary(), description(detection),
                            detection.category(), detection.systemId(), detection.suggestedSeverity(),
                            detection.occurredAt(), detection.detectedAt(), detection.source(), detection.simulation(),
                            detection.correlationKey(), detection.detectionId(), evidence), DETECTION_ACTOR,
                            detection.detectionId(), messageId)
                    .map(incident -> {
                        LOG.infof("Detection %s opened incident %s (correlation %s)", detection.detectionId(),
                                incident.id(), detection.correlationKey());
                        return incident.id();
                    });
        });
    }

    /** The source says the condition cleared: a timeline entry on the open incident, never a closure. */
    public Uni<Void> resolved(SqlConnection connection, DetectionResolved resolution, String messageId) {
        return signals.recordResolved(connection, resolution)
                .chain(() -> serialisePerKey(connection, resolution.correlationKey()))
                .chain(() -> views.openIncidentFor(connection, resolution.correlationKey()))
                .chain(open -> {
                    if (open.isEmpty()) {
                        LOG.infof("Detection %s resolved at source; no open incident for %s", resolution.detectionId(),
                                resolution.correlationKey());
                        return Uni.createFrom().voidItem();
                    }
                    String text = "The source reports detection " + resolution.detectionId() + " resolved"
                            + (resolution.summary() == null ? "" : ": " + resolution.summary())
                            + " (the incident stays open until the commander resolves it)";
                    return commands.execute(connection, open.get(), null, new IncidentCommand.AddTimelineEntry(
                                    resolution.resolvedAt(), text), DETECTION_ACTOR, resolution.detectionId(), messageId)
                            .onFailure(ConflictException.class).retry().atMost(CONFLICT_RETRIES)
                            .replaceWithVoid();
                });
    }

    /** Two detections with one key, delivered to two instances at once, must not open two incidents. */
    private static Uni<Void> serialisePerKey(SqlConnection connection, String correlationKey) {
        return connection.preparedQuery("select pg_advisory_xact_lock(hashtext($1))::text")
                .execute(Tuple.of("incident-correlation:" + correlationKey))
                .replaceWithVoid();
    }

    /**
     * What a detection-opened incident says about itself before anyone has written a word: which source saw
     * what, on which system, when. Regulators' forms ask for a description, and the title alone is the
     * detector's one-line summary.
     */
    static String description(DetectionRaised detection) {
        String source = detection.source().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return "Opened from a " + source + " detection (" + detection.detectionId() + ")"
                + (detection.systemId() == null ? "" : " on AI system " + detection.systemId()) + ", detected "
                + detection.detectedAt() + ": " + detection.summary()
                + ". The detection's evidence is attached to the incident as a signal.";
    }
}
