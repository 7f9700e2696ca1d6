package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One evaluation's results applied to the monitors' stored states: each result moves its monitor's
 * hysteresis; a monitor that becomes raised makes a {@code detection.raised} with its evidence and a
 * suggested severity, one that clears makes the {@code detection.resolved} of that detection.
 */
public final class MonitorRun {

    /** A monitor's state between evaluations, with the detection it raised while raised. */
    public record State(String key, MonitorKind monitor, String subject, Hysteresis hysteresis, MonitorResult last,
                        Instant evaluatedAt, Instant changedAt, @Nullable String detectionId,
                        @Nullable String correlationKey, @Nullable IncidentCategory category) {

        public boolean raised() {
            return hysteresis.raised();
        }
    }

    /**
     * @param keyPrefix  kept in front of each monitor key ("" for scheduled evaluations, "proactive/" for proactive
     *                   checks, which keep states of their own)
     * @param immediate  raise on the first breaching window and clear on the first healthy one (proactive checks
     *                   look at a day or more at once)
     * @param context    added to every detection's evidence: the window and the reference
     * @param windowFrom the oldest record of the evaluated window (null when it was empty)
     */
    public record Run(AiSystem system, MonitorSettings settings, Instant at, String keyPrefix, boolean immediate,
                      Map<String, Object> context, @Nullable Instant windowFrom) {

        /**
         * When the harm a raised monitor saw began, as well as the monitor can tell: the breach was measured on
         * the window, so it was under way by the window's oldest record. A proactive check reads a day or more
         * at once, so it can only vouch for the time it looked.
         */
        Instant breachVisibleFrom() {
            return !immediate && windowFrom != null && windowFrom.isBefore(at) ? windowFrom : at;
        }
    }

    public record Outcome(List<State> states, List<DetectionRaised> raised, List<DetectionResolved> resolved,
                          int breaches) {
    }

    private MonitorRun() {
    }

    public static Outcome apply(Run run, Map<String, State> before, List<MonitorResult> results, Supplier<String> ids) {
        List<State> states = new ArrayList<>();
        List<DetectionRaised> raised = new ArrayList<>();
        List<DetectionResolved> resolved = new ArrayList<>();
        int breaches = 0;
        for (MonitorResult result : results) {
            String key = run.keyPrefix() + result.key();
            State previous = before.get(key);
            // Thresholds come from today's settings, counts from the stored state: a changed setting applies at once.
            Hysteresis configured = run.immediate() ? Hysteresis.initial(1, 1)
                    : run.settings().initialState(result.monitor(), run.system().riskTier());
            Hysteresis start = previous == null ? configured : new Hysteresis(configured.raiseAfter(),
                    configured.clearAfter(), previous.raised(), previous.hysteresis().breaches(),
                    previous.hysteresis().healthy());
            Hysteresis next = start.next(result.verdict());
            breaches += result.verdict() == Hysteresis.Verdict.BREACH ? 1 : 0;
            Instant changedAt = previous == null || previous.raised() != next.raised() ? run.at() : previous.changedAt();
            State state = switch (next.changeFrom(start)) {
                case RAISED -> {
                    DetectionRaised detection = detection(run, key, result, ids.get());
                    raised.add(detection);
                    yield new State(key, result.monitor(), result.subject(), next, result, run.at(), changedAt,
                            detection.detectionId(), detection.correlationKey(), detection.category());
                }
                case CLEARED -> {
                    if (previous != null && previous.detectionId() != null) {
                        resolved.add(new DetectionResolved(previous.detectionId(), previous.correlationKey(),
                                dedupKey(run, key), run.system().id(), previous.category(),
                                run.system().name() + ": " + label(result) + " is back within its threshold",
                                DetectionSource.MONITOR, run.at(), false));
                    }
                    yield new State(key, result.monitor(), result.subject(), next, result, run.at(), changedAt, null,
                            null, null);
                }
                case NONE -> previous == null
                        ? new State(key, result.monitor(), result.subject(), next, result, run.at(), changedAt, null, null,
                        null)
                        : new State(key, result.monitor(), result.subject(), next, result, run.at(), changedAt,
                        previous.detectionId(), previous.correlationKey(), previous.category());
            };
            states.add(state);
        }
        return new Outcome(states, raised, resolved, breaches);
    }

    /**
     * The playbook's severity levels applied to a breach: systematically denying a service on a protected
     * characteristic is SEV1 on a HIGH-risk system; a fairness metric out of range or a material quality
     * drop (measured or estimated) on a HIGH-risk system is SEV2, as is a HIGH-risk system's telemetry gone
     * silent (nobody can see what it does); drift, data quality and latency are SEV3 (degradation that does not
     * yet harm).
     */
    public static Severity suggestedSeverity(MonitorKind monitor, String subject, RiskTier tier, MonitorSettings s) {
        boolean high = tier == RiskTier.HIGH;
        return switch (monitor) {
            case FAIRNESS -> s.isProtected(subject) && high ? Severity.SEV1
                    : s.isProtected(subject) || high ? Severity.SEV2 : Severity.SEV3;
            case PERFORMANCE, ESTIMATED_PERFORMANCE, ERROR_RATE, HEARTBEAT -> high ? Severity.SEV2 : Severity.SEV3;
            case OUTPUT_DRIFT, INPUT_DRIFT, DATA_QUALITY, LATENCY -> Severity.SEV3;
        };
    }

    static String dedupKey(Run run, String key) {
        return "monitor:" + run.system().id() + ":" + key;
    }

    private static DetectionRaised detection(Run run, String key, MonitorResult result, String detectionId) {
        IncidentCategory category = run.settings().category(result.monitor());
        Severity severity = suggestedSeverity(result.monitor(), result.subject(), run.system().riskTier(), run.settings());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("monitor", result.monitor().name());
        evidence.put("subject", result.subject());
        evidence.put("metric", result.metric());
        evidence.put("value", finite(result.value()));
        evidence.put("threshold", finite(result.threshold()));
        evidence.put("protectedAttribute", result.monitor() == MonitorKind.FAIRNESS
                && run.settings().isProtected(result.subject()));
        evidence.putAll(run.context());
        evidence.put("details", result.evidence());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("monitor", result.monitor().name().toLowerCase(Locale.ROOT));
        labels.put("subject", result.subject());
        labels.put("metric", result.metric());
        if (run.system().modelVersion() != null) {
            labels.put("model_version", run.system().modelVersion());
        }
        return new DetectionRaised(detectionId, run.system().id() + ":" + category.name(), dedupKey(run, key),
                run.system().id(), category, summary(run.system(), result), severity, DetectionSource.MONITOR, null,
                run.breachVisibleFrom(), run.at(), labels, evidence, false);
    }

    /** What a responder reads first: which system, which monitor, what it measured against what. */
    static String summary(AiSystem system, MonitorResult r) {
        Map<String, Object> e = r.evidence();
        if (r.monitor() == MonitorKind.FAIRNESS && e.get("group") != null) {
            return String.format(Locale.ROOT, "%s: %s group '%s' is selected at %s, %s of group '%s' (%s); the"
                            + " four-fifths threshold is %s", system.name(), r.subject(), group(e.get("group")),
                    e.get("selectionRate"), number(r.value()), group(e.get("referenceGroup")),
                    e.get("referenceSelectionRate"), number(r.threshold()));
        }
        if (r.monitor() == MonitorKind.HEARTBEAT && e.get("lastTelemetryAt") != null) {
            return String.format(Locale.ROOT, "%s: telemetry silent, no predictions received since %s (expected"
                    + " within %s)", system.name(), e.get("lastTelemetryAt"), e.get("silentAfter"));
        }
        if (r.monitor() == MonitorKind.ESTIMATED_PERFORMANCE) {
            return String.format(Locale.ROOT, "%s: %s is estimated at %s without labels, below the reference's band"
                    + " (lower bound %s)", system.name(), r.metric(), number(r.value()), number(r.threshold()));
        }
        return String.format(Locale.ROOT, "%s: %s %s is %s against a threshold of %s", system.name(), label(r),
                r.metric(), number(r.value()), number(r.threshold()));
    }

    /** A group as people read it; an intersection group is an attribute -> value map. */
    private static String group(Object group) {
        return group instanceof Map<?, ?> values ? FairnessMonitor.label(values) : String.valueOf(group);
    }

    private static String label(MonitorResult r) {
        return r.monitor().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + r.subject() + ")";
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4g", value);
    }

    /** JSON has no NaN: an undefined value is null. */
    public static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
