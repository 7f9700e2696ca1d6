package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.RiskTier;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One system's monitor configuration ({@code /api/v1/systems/{id}/monitors}): which monitors run, over
 * which window and how often, when a breach becomes a detection, and each monitor's thresholds. Absent
 * settings are {@link #defaults()} (docs/monitors.md explains each value).
 *
 * @param window                     what one evaluation looks at: the last {@code duration}, or the last {@code records}
 * @param raiseAfter                 consecutive breaching windows before a detection is raised
 * @param clearAfter                 consecutive healthy windows before it is resolved
 * @param fairnessRaiseAfterHighRisk raise-after for fairness on a HIGH-risk system (the playbook's worst case: act at once)
 * @param protectedAttributes        group attributes that are protected characteristics; a fairness breach on one of
 *                                   them in a HIGH-risk system suggests SEV1
 * @param categories                 the incident category per monitor, where it differs from the monitor's own
 * @param proactiveWindow            what a proactive check looks back over
 * @param proactiveMaxRecords        the most recent records a proactive check reads at most
 * @param heartbeat                  when a system's telemetry counts as silent
 * @param estimatedPerformance       the CBPE monitor's settings
 */
public record MonitorSettings(List<MonitorKind> enabled, Window window, Duration evaluateEvery, int raiseAfter,
                              int clearAfter, int fairnessRaiseAfterHighRisk, List<String> protectedAttributes,
                              Map<MonitorKind, IncidentCategory> categories, Duration proactiveWindow,
                              int proactiveMaxRecords, FairnessMonitor.Settings fairness,
                              DistributionMonitors.Settings distribution, OperationalMonitors.Settings operational,
                              Heartbeat heartbeat, PerformanceEstimation.Settings estimatedPerformance) {

    /** Most intersections fairness judges per window: each pair adds a group per combination seen. */
    public static final int MAX_INTERSECTIONS = 10;

    /** The most records one window may hold: an evaluation keeps its window in memory. */
    public static final int MAX_WINDOW_RECORDS = 200_000;

    public enum WindowType {
        TIME, COUNT
    }

    /** The last {@code duration} of predictions (TIME), or the last {@code records} of them (COUNT). */
    public record Window(WindowType type, Duration duration, int records) {
    }

    /** @param silentAfter null: three evaluation periods ({@code evaluateEvery}) */
    public record Heartbeat(@Nullable Duration silentAfter) {
    }

    public static MonitorSettings defaults() {
        return new MonitorSettings(List.of(MonitorKind.values()), new Window(WindowType.TIME, Duration.ofMinutes(5), 1000),
                Duration.ofMinutes(1), 2, 3, 1,
                List.of("age", "age_band", "sex", "gender", "race", "ethnicity", "religion", "disability",
                        "national_origin", "nationality", "marital_status", "sexual_orientation", "pregnancy"),
                Map.of(), Duration.ofHours(24), 100_000, FairnessMonitor.Settings.DEFAULTS,
                DistributionMonitors.Settings.DEFAULTS, OperationalMonitors.Settings.DEFAULTS, new Heartbeat(null),
                PerformanceEstimation.Settings.DEFAULTS);
    }

    /** How long telemetry may be silent before the heartbeat breaches. */
    public Duration silentAfter() {
        return heartbeat != null && heartbeat.silentAfter() != null ? heartbeat.silentAfter()
                : evaluateEvery.multipliedBy(3);
    }

    /** The same settings with only {@code monitors} enabled. */
    public MonitorSettings withEnabled(List<MonitorKind> monitors) {
        return new MonitorSettings(List.copyOf(monitors), window, evaluateEvery, raiseAfter, clearAfter,
                fairnessRaiseAfterHighRisk, protectedAttributes, categories, proactiveWindow, proactiveMaxRecords,
                fairness, distribution, operational, heartbeat, estimatedPerformance);
    }

    public IncidentCategory category(MonitorKind kind) {
        return categories.getOrDefault(kind, kind.category());
    }

    /** Whether an attribute, or any attribute of an intersection ({@code age_band x sex}), is protected. */
    public boolean isProtected(String subject) {
        return FairnessMonitor.attributes(subject).stream()
                .anyMatch(attribute -> protectedAttributes.stream().anyMatch(a -> a.equalsIgnoreCase(attribute)));
    }

    /** The hysteresis a monitor of {@code kind} starts with on a system of {@code tier}. */
    public Hysteresis initialState(MonitorKind kind, RiskTier tier) {
        if (kind == MonitorKind.HEARTBEAT) {
            return Hysteresis.initial(1, 1); // silence is already measured over time
        }
        int raise = kind == MonitorKind.FAIRNESS && tier == RiskTier.HIGH ? fairnessRaiseAfterHighRisk : raiseAfter;
        return Hysteresis.initial(raise, clearAfter);
    }

    /** The monitor settings as the suite takes them. */
    public MonitorSuite.Settings suite() {
        return new MonitorSuite.Settings(fairness, distribution, operational, estimatedPerformance, silentAfter());
    }

    /** What is wrong with these settings, by field (JSON path); empty when they can be used. */
    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (enabled == null) {
            p.put("enabled", "must list the monitors to run (an empty list turns them all off)");
        }
        if (window == null || window.type() == null) {
            p.put("window.type", "must be TIME or COUNT");
        } else if (window.type() == WindowType.TIME) {
            range(p, "window.duration", window.duration(), Duration.ofMinutes(1), Duration.ofDays(7));
        } else if (window.records() < 100 || window.records() > MAX_WINDOW_RECORDS) {
            p.put("window.records", "must be between 100 and " + MAX_WINDOW_RECORDS);
        }
        range(p, "evaluateEvery", evaluateEvery, Duration.ofSeconds(10), Duration.ofDays(1));
        range(p, "proactiveWindow", proactiveWindow, Duration.ofHours(1), Duration.ofDays(31));
        atLeast(p, "raiseAfter", raiseAfter, 1);
        atLeast(p, "clearAfter", clearAfter, 1);
        atLeast(p, "fairnessRaiseAfterHighRisk", fairnessRaiseAfterHighRisk, 1);
        if (proactiveMaxRecords < 100 || proactiveMaxRecords > MAX_WINDOW_RECORDS) {
            p.put("proactiveMaxRecords", "must be between 100 and " + MAX_WINDOW_RECORDS);
        }
        if (protectedAttributes == null) {
            p.put("protectedAttributes", "must be a list (it may be empty)");
        }
        if (categories == null) {
            p.put("categories", "must be an object of monitor to incident category");
        }
        if (fairness == null || distribution == null || operational == null || heartbeat == null
                || estimatedPerformance == null) {
            p.put(fairness == null ? "fairness" : distribution == null ? "distribution" : operational == null
                    ? "operational" : heartbeat == null ? "heartbeat" : "estimatedPerformance", "must be an object");
            return p;
        }
        if (heartbeat.silentAfter() != null) {
            range(p, "heartbeat.silentAfter", heartbeat.silentAfter(), Duration.ofMinutes(1), Duration.ofDays(7));
        }
        intersections(p, fairness.intersections());
        if (fairness.multipleTesting() == null) {
            p.put("fairness.multipleTesting", "must be BENJAMINI_HOCHBERG, BONFERRONI or NONE");
        }
        if (distribution.multipleTesting() == null) {
            p.put("distribution.multipleTesting", "must be BENJAMINI_HOCHBERG, BONFERRONI or NONE");
        }
        PerformanceEstimation.Settings cbpe = estimatedPerformance;
        if (cbpe.positiveLabel() == null || cbpe.positiveLabel().isBlank()) {
            p.put("estimatedPerformance.positiveLabel", "must name the class the score is the probability of");
        }
        ratio(p, "estimatedPerformance.threshold", cbpe.threshold());
        if (cbpe.metrics() == null || cbpe.metrics().isEmpty()
                || !PerformanceEstimation.Settings.METRICS.containsAll(cbpe.metrics())) {
            p.put("estimatedPerformance.metrics", "must list one or more of " + PerformanceEstimation.Settings.METRICS);
        }
        positive(p, "estimatedPerformance.band", cbpe.band());
        atLeast(p, "estimatedPerformance.minWindow", cbpe.minWindow(), 10);
        atLeast(p, "estimatedPerformance.minLabelled", cbpe.minLabelled(), 10);
        ratio(p, "estimatedPerformance.calibrationTolerance", cbpe.calibrationTolerance());
        if (fairness.favourableDecisions() == null || fairness.favourableDecisions().isEmpty()) {
            p.put("fairness.favourableDecisions", "must name at least one favourable decision");
        }
        atLeast(p, "fairness.minGroupSize", fairness.minGroupSize(), 2);
        ratio(p, "fairness.disparateImpactThreshold", fairness.disparateImpactThreshold());
        ratio(p, "fairness.alpha", fairness.alpha());
        atLeast(p, "distribution.minWindow", distribution.minWindow(), 10);
        positive(p, "distribution.psiThreshold", distribution.psiThreshold());
        ratio(p, "distribution.jsThreshold", distribution.jsThreshold());
        ratio(p, "distribution.pValue", distribution.pValue());
        positive(p, "distribution.wassersteinThreshold", distribution.wassersteinThreshold());
        ratio(p, "distribution.driftShare", distribution.driftShare());
        atLeast(p, "operational.minWindow", operational.minWindow(), 10);
        ratio(p, "operational.missingIncrease", operational.missingIncrease());
        ratio(p, "operational.outOfRangeShare", operational.outOfRangeShare());
        ratio(p, "operational.unseenShare", operational.unseenShare());
        positive(p, "operational.latencyP95Ms", operational.latencyP95Ms());
        positive(p, "operational.latencyP99Ms", operational.latencyP99Ms());
        ratio(p, "operational.errorSlo", operational.errorSlo());
        atLeast(p, "operational.minBurnEvents", (int) Math.min(Integer.MAX_VALUE, operational.minBurnEvents()), 1);
        ratio(p, "operational.relativeDrop", operational.relativeDrop());
        atLeast(p, "operational.minLabelled", operational.minLabelled(), 10);
        return p;
    }

    /** The categories as an ordered map, for display. */
    public Map<MonitorKind, IncidentCategory> effectiveCategories() {
        Map<MonitorKind, IncidentCategory> all = new EnumMap<>(MonitorKind.class);
        for (MonitorKind kind : MonitorKind.values()) {
            all.put(kind, category(kind));
        }
        return all;
    }

    private static void intersections(Map<String, String> p, List<List<String>> pairs) {
        if (pairs == null) {
            p.put("fairness.intersections", "must be a list of attribute pairs (it may be empty)");
            return;
        }
        if (pairs.size() > MAX_INTERSECTIONS) {
            p.put("fairness.intersections", "at most " + MAX_INTERSECTIONS + " pairs");
        }
        for (int i = 0; i < pairs.size(); i++) {
            List<String> pair = pairs.get(i);
            if (pair == null || pair.size() != 2 || pair.stream().anyMatch(a -> a == null || a.isBlank()
                    || a.contains(FairnessMonitor.INTERSECTION)) || pair.get(0).equals(pair.get(1))) {
                p.put("fairness.intersections[" + i + "]", "must be two different group attributes, such as"
                        + " [\"age_band\", \"sex\"]");
            }
        }
    }

    private static void range(Map<String, String> p, String field, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            p.put(field, "must be an ISO-8601 duration between " + min + " and " + max);
        }
    }

    private static void atLeast(Map<String, String> p, String field, int value, int min) {
        if (value < min) {
            p.put(field, "must be at least " + min);
        }
    }

    private static void ratio(Map<String, String> p, String field, double value) {
        if (!(value > 0 && value < 1)) {
            p.put(field, "must be between 0 and 1, exclusive");
        }
    }

    private static void positive(Map<String, String> p, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            p.put(field, "must be a positive number");
        }
    }
}
