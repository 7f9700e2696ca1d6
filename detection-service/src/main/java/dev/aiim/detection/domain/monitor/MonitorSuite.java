package dev.aiim.detection.domain.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every built-in monitor over one window of a system's predictions, with the settings of each: the one
 * call a scheduled evaluation makes.
 */
public final class MonitorSuite {

    /** Per-system monitor settings; {@link #defaults()} follows docs/monitors.md. */
    public record Settings(FairnessMonitor.Settings fairness, DistributionMonitors.Settings distribution,
                           OperationalMonitors.Settings operational) {

        public static Settings defaults() {
            return new Settings(FairnessMonitor.Settings.DEFAULTS, DistributionMonitors.Settings.DEFAULTS,
                    OperationalMonitors.Settings.DEFAULTS);
        }
    }

    /**
     * What one evaluation looks at: the window's records (labels joined), the error counts of the
     * burn-rate windows, and the reference (records and profile; both null without one).
     */
    public record Evaluation(Instant at, List<PredictionRecord> window, OperationalMonitors.ErrorWindows errors,
                             List<PredictionRecord> reference, ReferenceProfile profile) {

        /** Error counts taken from the records of the last six hours. */
        public static Evaluation of(Instant at, List<PredictionRecord> window, List<PredictionRecord> lastSixHours,
                                    List<PredictionRecord> reference, ReferenceProfile profile) {
            return new Evaluation(at, window, OperationalMonitors.ErrorWindows.of(lastSixHours, at), reference, profile);
        }
    }

    private MonitorSuite() {
    }

    public static List<MonitorResult> evaluate(Evaluation e, Settings s) {
        return evaluate(e, s, EnumSet.allOf(MonitorKind.class));
    }

    /**
     * Only the monitors in {@code enabled}. Drift, data quality and performance need a reference; without
     * one they are left out (the status shows why).
     */
    public static List<MonitorResult> evaluate(Evaluation e, Settings s, Set<MonitorKind> enabled) {
        List<MonitorResult> results = new ArrayList<>();
        if (enabled.contains(MonitorKind.FAIRNESS)) {
            results.addAll(FairnessMonitor.evaluate(e.window(), s.fairness()));
        }
        if (e.profile() != null) {
            if (enabled.contains(MonitorKind.OUTPUT_DRIFT)) {
                results.add(DistributionMonitors.outputDrift(e.window(), e.profile(), s.distribution()));
            }
            if (enabled.contains(MonitorKind.INPUT_DRIFT)) {
                results.add(DistributionMonitors.inputDrift(e.window(), e.profile(), s.distribution()));
            }
            if (enabled.contains(MonitorKind.DATA_QUALITY)) {
                results.addAll(OperationalMonitors.dataQuality(e.window(), e.profile(), s.operational()));
            }
            if (enabled.contains(MonitorKind.PERFORMANCE)) {
                results.add(OperationalMonitors.performance(e.window(), e.reference(), s.operational()));
            }
        }
        if (enabled.contains(MonitorKind.LATENCY)) {
            results.add(OperationalMonitors.latency(e.window(), s.operational()));
        }
        if (enabled.contains(MonitorKind.ERROR_RATE)) {
            results.add(OperationalMonitors.errorRate(e.errors(), s.operational()));
        }
        return results;
    }
}
