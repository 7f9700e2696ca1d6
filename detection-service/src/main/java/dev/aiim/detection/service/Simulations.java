package dev.aiim.detection.service;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.DrillScenario;
import dev.aiim.detection.domain.monitor.DrillReplay;
import dev.aiim.detection.domain.monitor.MonitorSettings;
import dev.aiim.detection.messaging.DetectionRelay;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.detection.repository.MonitorRepository;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import dev.aiim.detection.repository.SimulationRepository;
import dev.aiim.detection.repository.SimulationRepository.StoredSimulation;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Game days (playbook "Incident Simulation"): a drill replays a scenario through the system's own monitor
 * settings and, when a monitor raises it, sends that detection with {@code simulation=true}. From there the
 * drill runs through the real platform (an incident marked as a simulation, notifications only to the drill
 * audience, reporting's drill scores apart from production metrics). The drill and its detection are
 * recorded in the transaction that commits once Kafka has the detection: a drill either happened or not.
 */
@ApplicationScoped
public class Simulations {

    /** How long after the fault the replayed monitors have to raise it. */
    static final Duration DETECTION_LIMIT = Duration.ofMinutes(30);
    private static final Logger LOG = Logger.getLogger(Simulations.class);

    /** What an admin asks for. */
    public record StartSimulation(String scenario, String systemId) {
    }

    private final Pool pool;
    private final MonitorRepository monitors;
    private final MonitorConfiguration configuration;
    private final SimulationRepository simulations;
    private final RaisedDetectionRepository detections;
    private final DetectionOutbox outbox;
    private final DetectionRelay relay;
    private final Clock clock;

    public Simulations(Pool pool, MonitorRepository monitors, MonitorConfiguration configuration,
                       SimulationRepository simulations, RaisedDetectionRepository detections,
                       DetectionOutbox outbox, DetectionRelay relay, Clock clock) {
        this.pool = pool;
        this.monitors = monitors;
        this.configuration = configuration;
        this.simulations = simulations;
        this.detections = detections;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    public Uni<StoredSimulation> start(StartSimulation command, String by) {
        DrillScenario scenario = scenario(command);
        if (command.systemId() == null || command.systemId().isBlank()) {
            throw new InvalidRequestException("systemId", "is required: the registered AI system the drill is about");
        }
        // the request's own context: the replay runs on a worker, the rest (and the answer) back here, where the
        // request context is active (answering from a worker thread failed now and then with a 500)
        Context request = Vertx.currentContext();
        Executor back = request == null ? Runnable::run : task -> request.runOnContext(ignored -> task.run());
        return monitors.system(command.systemId())
                .map(found -> found.orElseThrow(() -> new InvalidRequestException("systemId",
                        "no AI system '" + command.systemId() + "' is registered")))
                .chain(system -> configuration.effective(system.id())
                        .emitOn(Infrastructure.getDefaultWorkerPool()) // the replay is CPU work: not on the event loop
                        .map(settings -> drill(scenario, system, settings, by))
                        .emitOn(back))
                .chain(drill -> pool.withTransaction(connection -> simulations.insert(connection, drill.stored())
                        .chain(() -> drill.detection() == null ? Uni.createFrom().voidItem()
                                : detections.record(connection, List.of(drill.detection()), "simulation")
                                .chain(() -> outbox.detections(connection, List.of(drill.detection()), List.of()))))
                        .invoke(relay::wake)
                        .invoke(() -> LOG.infof("Game day %s (%s on %s) started by %s: %s", drill.stored().id(),
                                scenario.slug(), drill.stored().systemId(), by, drill.stored().outcome()))
                        .chain(() -> find(drill.stored().id())));
    }

    public Uni<StoredSimulation> find(String id) {
        return simulations.find(id).map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Simulation", id)));
    }

    public Uni<List<StoredSimulation>> recent(int limit) {
        return simulations.recent(limit);
    }

    private record Drill(StoredSimulation stored, DetectionRaised detection) {
    }

    private Drill drill(DrillScenario scenario, AiSystem system, MonitorSettings settings, String by) {
        String id = "sim-" + UUID.randomUUID();
        Instant now = clock.instant();
        DrillReplay.Outcome outcome = DrillReplay.detect(system, settings, scenario.fault(),
                Math.abs((long) id.hashCode()), now, DETECTION_LIMIT, () -> UUID.randomUUID().toString());
        if (outcome.detection().isEmpty()) {
            return new Drill(new StoredSimulation(id, scenario.name(), system.id(), "MISSED", null, null, null,
                    outcome.faultAt(), null, outcome.evaluations(), "The monitors enabled for " + system.id() + " ("
                    + settings.enabled() + ") did not raise '" + scenario.story() + "' within "
                    + DETECTION_LIMIT.toMinutes() + " minutes: nothing was sent", by, now, null, null), null);
        }
        DetectionRaised raised = outcome.detection().get();
        Map<String, Object> evidence = new LinkedHashMap<>(raised.evidence());
        evidence.put("simulation", Map.of("id", id, "scenario", scenario.name(), "story", scenario.story(),
                "faultStartedAt", outcome.faultAt().toString()));
        Map<String, String> labels = new LinkedHashMap<>(raised.labels());
        labels.put("simulation", id);
        // keys of the drill's own: a drill never joins (or deduplicates against) a production incident
        DetectionRaised drill = new DetectionRaised(raised.detectionId(), "drill:" + id + ":" + raised.correlationKey(),
                "drill:" + id + ":" + raised.dedupKey(), raised.systemId(), raised.category(),
                "[DRILL " + scenario.slug() + "] " + raised.summary(), raised.suggestedSeverity(), raised.source(), null,
                raised.occurredAt(), raised.detectedAt(), labels, evidence, true);
        String monitor = String.valueOf(raised.evidence().get("monitor"));
        return new Drill(new StoredSimulation(id, scenario.name(), system.id(), "DETECTED", drill.detectionId(), monitor,
                raised.suggestedSeverity() == null ? null : raised.suggestedSeverity().name(), outcome.faultAt(),
                raised.detectedAt(), outcome.evaluations(), drill.summary(), by, now, null, null), drill);
    }

    private static DrillScenario scenario(StartSimulation command) {
        String allowed = Arrays.stream(DrillScenario.values()).map(Enum::name).collect(Collectors.joining(", "));
        if (command == null || command.scenario() == null || command.scenario().isBlank()) {
            throw new InvalidRequestException("scenario", "is required: one of " + allowed);
        }
        try {
            return DrillScenario.valueOf(command.scenario().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidRequestException("scenario", "must be one of " + allowed);
        }
    }
}
