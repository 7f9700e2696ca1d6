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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Phase 1 without a human in the loop: a detection opens an incident in DETECTED, or joins the open
 * incident with the same correlation key as another signal; the source's resolution is a timeline entry, never a
 * closure. Runs in the consumer's transaction, so the incident's events and the record that the messages were
 * applied commit together.
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

    /** A detection message of a batch: a {@link DetectionRaised} or a {@link DetectionResolved}, and its id. */
    public record Arrival(Object detection, String messageId) {

        String correlationKey() {
            return detection instanceof DetectionRaised raised ? raised.correlationKey()
                    : ((DetectionResolved) detection).correlationKey();
        }
    }

    /**
     * A poll's detections, in the caller's transaction: per correlation key, in the order they came, the key's
     * detections open its incident (the first, when none is open) and join it together, in one append
     * ({@link IncidentCommandService#executeAll}); a resolution becomes a timeline entry as before. The same
     * outcome as taking them one by one, with one load and one append per key instead of one per detection.
     */
    public Uni<Void> applyAll(SqlConnection connection, List<Arrival> arrivals) {
        Map<String, List<Arrival>> byKey = new LinkedHashMap<>();
        arrivals.forEach(a -> byKey.computeIfAbsent(a.correlationKey(), k -> new ArrayList<>()).add(a));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<Arrival>> key : byKey.entrySet()) {
            chain = chain.chain(() -> applyKey(connection, key.getKey(), key.getValue()));
        }
        return chain;
    }

    private Uni<Void> applyKey(SqlConnection connection, String correlationKey, List<Arrival> arrivals) {
        List<DetectionRaised> raised = arrivals.stream().filter(a -> a.detection() instanceof DetectionRaised)
                .map(a -> (DetectionRaised) a.detection()).toList();
        Uni<Void> recorded = signals.recordRaised(connection, raised, clock.instant());
        for (Arrival a : arrivals) {
            if (a.detection() instanceof DetectionResolved resolution) {
                recorded = recorded.chain(() -> signals.recordResolved(connection, resolution));
            }
        }
        return recorded
                .chain(() -> serialisePerKey(connection, correlationKey))
                .chain(() -> openOrJoinAll(connection, correlationKey, arrivals)
                        .onFailure(ConflictException.class).retry().atMost(CONFLICT_RETRIES))
                .chain(incidentId -> incidentId == null ? Uni.createFrom().voidItem()
                        : signals.linkToIncident(connection, raised.stream().map(DetectionRaised::detectionId)
                        .toList(), incidentId));
    }

    /** Answers the incident the key's detections are on (null when there were only resolutions and none open). */
    private Uni<String> openOrJoinAll(SqlConnection connection, String correlationKey, List<Arrival> arrivals) {
        return views.openIncidentFor(connection, correlationKey).chain(open -> {
            if (open.isPresent()) {
                return join(connection, open.get(), arrivals).replaceWith(open.get());
            }
            int first = 0;
            while (first < arrivals.size() && !(arrivals.get(first).detection() instanceof DetectionRaised)) {
                LOG.infof("Detection %s resolved at source; no open incident for %s",
                        ((DetectionResolved) arrivals.get(first).detection()).detectionId(), correlationKey);
                first++;
            }
            if (first == arrivals.size()) {
                return Uni.createFrom().nullItem();
            }
            Arrival opening = arrivals.get(first);
            List<Arrival> rest = arrivals.subList(first + 1, arrivals.size());
            return open(connection, (DetectionRaised) opening.detection(), opening.messageId())
                    .call(incidentId -> join(connection, incidentId, rest));
        });
    }

    private Uni<Void> join(SqlConnection connection, String incidentId, List<Arrival> arrivals) {
        if (arrivals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<IncidentCommandService.Step> steps = new ArrayList<>(arrivals.size());
        for (Arrival a : arrivals) {
            if (a.detection() instanceof DetectionRaised detection) {
                steps.add(new IncidentCommandService.Step(attach(detection), DETECTION_ACTOR, detection.detectionId(),
                        a.messageId()));
            } else {
                DetectionResolved resolution = (DetectionResolved) a.detection();
                steps.add(new IncidentCommandService.Step(resolvedEntry(resolution), DETECTION_ACTOR,
                        resolution.detectionId(), a.messageId()));
            }
        }
        LOG.infof("%d detection message(s) join incident %s", arrivals.size(), incidentId);
        return commands.executeAll(connection, incidentId, steps).replaceWithVoid();
    }

    /** Opens an incident in DETECTED from the detection; answers its id. */
    private Uni<String> open(SqlConnection connection, DetectionRaised detection, String messageId) {
        Map<String, Object> evidence = detection.evidence() == null ? Map.of() : detection.evidence();
        return commands.declare(connection, new IncidentCommand.DeclareIncident(detection.summary(),
                        description(detection), detection.category(), detection.systemId(),
                        detection.suggestedSeverity(), detection.occurredAt(), detection.detectedAt(),
                        detection.source(), detection.simulation(), detection.correlationKey(),
                        detection.detectionId(), evidence), DETECTION_ACTOR, detection.detectionId(), messageId)
                .map(incident -> {
                    LOG.infof("Detection %s opened incident %s (correlation %s)", detection.detectionId(),
                            incident.id(), detection.correlationKey());
                    return incident.id();
                });
    }

    private static IncidentCommand.AttachSignal attach(DetectionRaised detection) {
        return new IncidentCommand.AttachSignal(detection.detectionId(), detection.source(), detection.summary(),
                detection.correlationKey(), detection.detectedAt(), detection.suggestedSeverity(),
                detection.evidence() == null ? Map.of() : detection.evidence());
    }

    private static IncidentCommand.AddTimelineEntry resolvedEntry(DetectionResolved resolution) {
        return new IncidentCommand.AddTimelineEntry(resolution.resolvedAt(), "The source reports detection "
                + resolution.detectionId() + " resolved" + (resolution.summary() == null ? "" : ": "
                + resolution.summary()) + " (the incident stays open until the commander resolves it)");
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
