package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.IncidentCategory;
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
 */
public record MonitorSettings(List<MonitorKind> enabled, Window window, Duration evaluateEvery, int raiseAfter,
                              int clearAfter, int fairnessRaiseAfterHighRisk, List<String> protectedAttributes,
                              Map<MonitorKind, IncidentCategory> categories, Duration proactiveWindow,
                              int proactiveMaxRecords, FairnessMonitor.Settings fairness,
                              DistributionMonitors.Settings distribution, OperationalMonitors.Settings operational) {

    /** The most records one window may hold: an evaluation keeps its window in memory. */
    public static final int MAX_WINDOW_RECORDS = 200_000;

    public enum WindowType {
        TIME, COUNT
    }

    /** The last {@code duration} of predictions (TIME), or the last {@code records} of them (COUNT). */
    public record Window(WindowType type, Duration duration, int records) {
    }

    public static MonitorSettings defaults() {
        return new MonitorSettings(List.of(MonitorKind.values()), new Window(WindowType.TIME, Duration.ofMinutes(5), 1000),
                Duration.ofMinutes(1), 2, 3, 1,
                List.of("age", "age_band", "sex", "gender", "race", "ethnicity", "religion", "disability",
                        "national_origin", "nationality", "marital_status", "sexual_orientation", "pregnancy"),
                Map.of(), Duration.ofHours(24), 100_000, FairnessMonitor.Settings.DEFAULTS,
                DistributionMonitors.Settings.DEFAULTS, OperationalMonitors.Settings.DEFAULTS);
    }

    public IncidentCategory category(MonitorKind kind) {
        return categories.getOrDefault(kind, kind.category());
    }

    public boolean isProtected(String attribute) {
        return protectedAttributes.stream().anyMatch(a -> a.equalsIgnoreCase(attribute));
    }

    /** The hysteresis a monitor of {@code kind} starts with on a system of {@code tier}. */
    public Hysteresis initialState(MonitorKind kind, RiskTier tier) {
        int raise = kind == MonitorKind.FAIRNESS && tier == RiskTier.HIGH ? fairnessRaiseAfterHighRisk : raiseAfter;
        return Hysteresis.initial(raise, clearAfter);
    }

    /** The monitor settings as the suite takes them. */
    public MonitorSuite.Settings suite() {
        return new MonitorSuite.Settings(fairness, distribution, operational);
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
        if (fairness == null || distribution == null || operational == null) {
            p.put(fairness == null ? "fairness" : distribution == null ? "distribution" : "operational",
                    "must be an object");
            return p;
        }
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
