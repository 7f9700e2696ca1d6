package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.Nullable;

import java.time.Duration;
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

    /**
     * Per-system monitor settings; {@link #defaults()} follows docs/monitors.md.
     *
     * @param silentAfter how long a system that sends telemetry may send none before its heartbeat breaches
     */
    public record Settings(FairnessMonitor.Settings fairness, DistributionMonitors.Settings distribution,
                           OperationalMonitors.Settings operational, PerformanceEstimation.Settings estimatedPerformance,
                           Duration silentAfter) {

        public static Settings defaults() {
            return MonitorSettings.defaults().suite();
        }
    }

    /**
     * What one evaluation looks at: the window's records (labels joined), the error counts of the
     * burn-rate windows, and the reference (records and profile; both null without one).
     */
    public record Evaluation(Instant at, List<PredictionRecord> window, OperationalMonitors.ErrorWindows errors,
                             List<PredictionRecord> reference, ReferenceProfile profile,
                             @Nullable Instant lastTelemetryAt) {

        /**
         * Error counts taken from the records of the last six hours; the newest of them is the last telemetry
         * seen (a replay or a backtest has no receiving times).
         */
        public static Evaluation of(Instant at, List<PredictionRecord> window, List<PredictionRecord> lastSixHours,
                                    List<PredictionRecord> reference, ReferenceProfile profile) {
            return new Evaluation(at, window, OperationalMonitors.ErrorWindows.of(lastSixHours, at), reference, profile,
                    lastSixHours.isEmpty() ? null : lastSixHours.get(lastSixHours.size() - 1).timestamp());
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
            if (enabled.contains(MonitorKind.ESTIMATED_PERFORMANCE)) {
                results.add(PerformanceEstimation.evaluate(e.window(), e.reference(), s.estimatedPerformance()));
            }
        }
        if (enabled.contains(MonitorKind.LATENCY)) {
            results.add(OperationalMonitors.latency(e.window(), s.operational()));
        }
        if (enabled.contains(MonitorKind.ERROR_RATE)) {
            results.add(OperationalMonitors.errorRate(e.errors(), s.operational()));
        }
        if (enabled.contains(MonitorKind.HEARTBEAT)) {
            results.add(OperationalMonitors.heartbeat(e.at(), e.lastTelemetryAt(), s.silentAfter()));
        }
        return results;
    }
}
