package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.detection.domain.monitor.MonitorKind;
import dev.aiim.detection.domain.monitor.MonitorResult;
import dev.aiim.detection.domain.monitor.MonitorRun;
import dev.aiim.detection.domain.monitor.MonitorSettings;
import dev.aiim.detection.domain.monitor.MonitorSuite;
import dev.aiim.detection.domain.monitor.OperationalMonitors.ErrorWindows;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.messaging.DetectionRelay;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.detection.repository.MonitorRepository;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import dev.aiim.detection.repository.TelemetryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One evaluation of a system's monitors: read the window (and the reference), run every enabled monitor
 * off the event loop, then in one transaction move each monitor's hysteresis, record the detections it
 * raised or resolved, and send them to Kafka; the transaction commits only once the broker has them, so a
 * broker outage leaves the states as they were and the next evaluation tries again.
 */
@ApplicationScoped
public class MonitorEvaluation {

    private static final Logger LOG = Logger.getLogger(MonitorEvaluation.class);
    static final String PROACTIVE_PREFIX = "proactive/";
    private static final String NO_REFERENCE = "No reference window is set: output drift, input drift, data quality"
            + " and performance are not evaluated until one is (PUT /api/v1/systems/{id}/reference)";

    public enum Kind {
        /** The regular evaluation, every {@code evaluateEvery}. */
        SCHEDULED,
        /** The daily (HIGH risk) or weekly check over a longer window, recorded even when all is well. */
        PROACTIVE,
        /** Asked for by an admin; otherwise a scheduled evaluation, and always recorded. */
        MANUAL
    }

    /** What an evaluation looked at and found. */
    public record Check(@Nullable Long checkId, String systemId, Kind kind, Instant checkedAt, @Nullable Instant windowFrom,
                        @Nullable Instant windowTo, int records, int breaches, List<String> raised, List<String> resolved,
                        List<MonitorStatus> results, List<String> notes) {
    }

    private final Pool pool;
    private final TelemetryRepository telemetry;
    private final MonitorRepository monitors;
    private final RaisedDetectionRepository detections;
    private final DetectionOutbox outbox;
    private final DetectionRelay relay;
    private final MonitorConfiguration configuration;
    private final References references;
    private final Telemetry systems;
    private final MeterRegistry registry;

    public MonitorEvaluation(Pool pool, TelemetryRepository telemetry, MonitorRepository monitors,
                             RaisedDetectionRepository detections, DetectionOutbox outbox, DetectionRelay relay,
                             MonitorConfiguration configuration, References references, Telemetry systems,
                             MeterRegistry registry) {
        this.registry = registry;
        this.pool = pool;
        this.telemetry = telemetry;
        this.monitors = monitors;
        this.detections = detections;
        this.outbox = outbox;
        this.relay = relay;
        this.configuration = configuration;
        this.references = references;
        this.systems = systems;
    }

    /** The window, reference and error counts one evaluation reads. */
    private record Inputs(AiSystem system, MonitorSettings settings, Optional<References.Loaded> reference,
                          List<PredictionRecord> window, ErrorWindows errors, @Nullable Instant lastTelemetryAt) {
    }

    private record Computed(Inputs inputs, List<MonitorResult> results) {
    }

    /**
     * Evaluates every enabled monitor of the system over its window at {@code at}; how long it took goes to
     * {@code monitor_evaluation_seconds{kind,outcome}} (an operations metric).
     */
    public Uni<Check> evaluate(String systemId, Kind kind, Instant at) {
        Timer.Sample started = Timer.start(registry);
        return evaluateNow(systemId, kind, at)
                .onItemOrFailure().invoke((check, failure) -> started.stop(registry.timer("monitor.evaluation",
                        "kind", kind.name(), "outcome", failure == null ? "evaluated" : "failed")));
    }

    private Uni<Check> evaluateNow(String systemId, Kind kind, Instant at) {
        return systems.system(systemId)
                .chain(system -> configuration.effective(systemId)
                        .chain(settings -> references.loaded(systemId)
                                .chain(reference -> window(systemId, settings, kind, at)
                                        .chain(window -> telemetry.errorWindows(systemId, at)
                                                .chain(errors -> lastTelemetry(systemId, settings, kind)
                                                        .map(last -> new Inputs(system, settings, reference, window,
                                                                errors, last.orElse(null))))))))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(inputs -> {
                    List<MonitorResult> results = MonitorSuite.evaluate(new MonitorSuite.Evaluation(at, inputs.window(),
                                    inputs.errors(), inputs.reference().map(References.Loaded::records).orElse(null),
                                    inputs.reference().map(References.Loaded::profile).orElse(null),
                                    inputs.lastTelemetryAt()), inputs.settings().suite(), enabled(inputs.settings(), kind));
                    return new Computed(inputs, results);
                })
                .chain(computed -> record(computed.inputs(), computed.results(), kind, at));
    }

    /** Every monitor's state for {@code GET /monitors/status}, with the reference and the proactive checks. */
    public record SystemStatus(String systemId, String riskTier, @Nullable Instant evaluatedAt,
                               List<MonitorStatus> monitors, List<MonitorStatus> proactive,
                               @Nullable References.View reference, @Nullable MonitorRepository.Check lastProactiveCheck,
                               @Nullable Instant nextProactiveCheckAt, List<String> notes) {
    }

    public Uni<SystemStatus> status(String systemId) {
        return systems.system(systemId).chain(system -> monitors.states(pool, systemId)
                .chain(states -> references.loaded(systemId)
                        .chain(reference -> monitors.checks(systemId, Kind.PROACTIVE.name(), 1)
                                .chain(checks -> monitors.nextProactive(systemId).map(next -> {
                                    List<MonitorStatus> regular = new ArrayList<>();
                                    List<MonitorStatus> proactive = new ArrayList<>();
                                    Instant evaluatedAt = null;
                                    for (MonitorRun.State s : states.values()) {
                                        boolean isProactive = s.key().startsWith(PROACTIVE_PREFIX);
                                        (isProactive ? proactive : regular).add(MonitorStatus.of(s));
                                        if (!isProactive && (evaluatedAt == null || s.evaluatedAt().isAfter(evaluatedAt))) {
                                            evaluatedAt = s.evaluatedAt();
                                        }
                                    }
                                    List<String> notes = new ArrayList<>();
                                    if (states.isEmpty()) {
                                        notes.add("The monitors have not evaluated this system yet");
                                    }
                                    if (reference.isEmpty()) {
                                        notes.add(NO_REFERENCE);
                                    }
                                    return new SystemStatus(systemId, system.riskTier().name(), evaluatedAt, regular,
                                            proactive, reference.map(l -> References.view(systemId, l)).orElse(null),
                                            checks.isEmpty() ? null : checks.get(0), next.orElse(null), notes);
                                })))));
    }

    private Uni<List<PredictionRecord>> window(String systemId, MonitorSettings settings, Kind kind, Instant at) {
        // A record stamped exactly "now" belongs to this window.
        Instant to = at.plusMillis(1);
        if (kind == Kind.PROACTIVE) {
            return telemetry.window(systemId, at.minus(settings.proactiveWindow()), to, settings.proactiveMaxRecords());
        }
        MonitorSettings.Window w = settings.window();
        return w.type() == MonitorSettings.WindowType.COUNT ? telemetry.window(systemId, null, to, w.records())
                : telemetry.window(systemId, at.minus(w.duration()), to, MonitorSettings.MAX_WINDOW_RECORDS);
    }

    private Uni<Check> record(Inputs in, List<MonitorResult> results, Kind kind, Instant at) {
        String systemId = in.system().id();
        Instant windowFrom = in.window().isEmpty() ? null : in.window().get(0).timestamp();
        Instant windowTo = in.window().isEmpty() ? null : in.window().get(in.window().size() - 1).timestamp();
        Map<String, Object> context = context(in, kind, windowFrom, windowTo);
        boolean proactive = kind == Kind.PROACTIVE;
        MonitorRun.Run run = new MonitorRun.Run(in.system(), in.settings(), at, proactive ? PROACTIVE_PREFIX : "",
                proactive, context, windowFrom);
        List<String> notes = notes(in, kind);
        return pool.withTransaction(connection -> monitors.lockSystem(connection, systemId)
                .chain(() -> monitors.states(connection, systemId))
                .chain(before -> {
                    MonitorRun.Outcome outcome = MonitorRun.apply(run, before, results, () -> UUID.randomUUID().toString());
                    List<MonitorStatus> statuses = outcome.states().stream().map(MonitorStatus::of).toList();
                    boolean changed = !outcome.raised().isEmpty() || !outcome.resolved().isEmpty();
                    Uni<Long> checkId = kind == Kind.SCHEDULED && !changed ? Uni.createFrom().nullItem()
                            : monitors.recordCheck(connection, new MonitorRepository.Check(0, systemId, kind.name(), at,
                            windowFrom, windowTo, in.window().size(), outcome.breaches(), outcome.raised().size(),
                            outcome.resolved().size(), Map.of("monitors", statuses, "notes", notes)));
                    return monitors.saveStates(connection, systemId, outcome.states())
                            .chain(() -> detections.record(connection, outcome.raised(), "monitor"))
                            .chain(() -> detections.markResolved(connection, outcome.resolved().stream()
                                    .collect(Collectors.toMap(DetectionResolved::detectionId,
                                            DetectionResolved::resolvedAt))))
                            .chain(() -> checkId)
                            .call(() -> outbox.detections(connection, outcome.raised(), outcome.resolved()))
                            .map(id -> {
                                log(systemId, kind, outcome);
                                return new Check(id, systemId, kind, at, windowFrom, windowTo, in.window().size(),
                                        outcome.breaches(), outcome.raised().stream().map(DetectionRaised::detectionId)
                                        .toList(), outcome.resolved().stream().map(DetectionResolved::detectionId).toList(),
                                        statuses, notes);
                            });
                })).invoke(check -> {
                    if (!check.raised().isEmpty() || !check.resolved().isEmpty()) {
                        relay.wake(); // committed: the outbox has them
                    }
                });
    }

    /** When telemetry last arrived: read only for the heartbeat, the one monitor that asks. */
    private Uni<Optional<Instant>> lastTelemetry(String systemId, MonitorSettings settings, Kind kind) {
        return enabled(settings, kind).contains(MonitorKind.HEARTBEAT) ? telemetry.lastReceivedAt(systemId)
                : Uni.createFrom().item(Optional.empty());
    }

    private static EnumSet<MonitorKind> enabled(MonitorSettings settings, Kind kind) {
        EnumSet<MonitorKind> enabled = settings.enabled().isEmpty() ? EnumSet.noneOf(MonitorKind.class)
                : EnumSet.copyOf(settings.enabled());
        if (kind == Kind.PROACTIVE) {
            enabled.remove(MonitorKind.HEARTBEAT); // silence is now, not over the last day: the regular check has it
        }
        return enabled;
    }

    private static Map<String, Object> context(Inputs in, Kind kind, Instant from, Instant to) {
        Map<String, Object> window = new LinkedHashMap<>();
        MonitorSettings.Window w = in.settings().window();
        window.put("type", kind == Kind.PROACTIVE ? "PROACTIVE" : w.type().name());
        window.put("span", kind == Kind.PROACTIVE ? in.settings().proactiveWindow().toString()
                : w.type() == MonitorSettings.WindowType.TIME ? w.duration().toString() : w.records() + " records");
        window.put("from", from == null ? null : from.toString());
        window.put("to", to == null ? null : to.toString());
        window.put("records", in.window().size());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("window", window);
        in.reference().ifPresent(r -> context.put("reference", referenceContext(r)));
        return context;
    }

    /** What a detection's evidence says about the reference it was judged against. */
    static Map<String, Object> referenceContext(References.Loaded r) {
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("version", r.reference().version());
        reference.put("source", r.reference().source());
        reference.put("from", r.reference().from() == null ? null : r.reference().from().toString());
        reference.put("to", r.reference().to() == null ? null : r.reference().to().toString());
        reference.put("records", r.reference().size());
        return reference;
    }

    private static List<String> notes(Inputs in, Kind kind) {
        List<String> notes = new ArrayList<>();
        int cap = kind == Kind.PROACTIVE ? in.settings().proactiveMaxRecords()
                : in.settings().window().type() == MonitorSettings.WindowType.COUNT ? Integer.MAX_VALUE
                : MonitorSettings.MAX_WINDOW_RECORDS;
        if (in.window().size() >= cap) {
            notes.add("The window held more predictions than the " + cap + " most recent that were evaluated");
        }
        if (in.window().isEmpty()) {
            notes.add("No predictions in the window: nothing could be judged. Is telemetry still being sent?");
        }
        if (in.reference().isEmpty()) {
            notes.add(NO_REFERENCE);
        }
        return notes;
    }

    private static void log(String systemId, Kind kind, MonitorRun.Outcome outcome) {
        outcome.raised().forEach(d -> LOG.infof("Monitor detection %s raised for %s: %s (%s)", d.detectionId(), systemId,
                d.summary(), d.suggestedSeverity()));
        outcome.resolved().forEach(r -> LOG.infof("Monitor detection %s resolved for %s", r.detectionId(), systemId));
        LOG.debugf("%s evaluation of %s: %d breaches", kind, systemId, outcome.breaches());
    }
}
