package dev.aiim.detection.domain.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** What one evaluation looks at. */
    public record Evaluation(Instant at, List<PredictionRecord> window, List<PredictionRecord> lastSixHours,
                             List<PredictionRecord> reference, ReferenceProfile profile) {
    }

    private MonitorSuite() {
    }

    public static List<MonitorResult> evaluate(Evaluation e, Settings s) {
        List<MonitorResult> results = new ArrayList<>(FairnessMonitor.evaluate(e.window(), s.fairness()));
        if (e.profile() != null) {
            results.add(DistributionMonitors.outputDrift(e.window(), e.profile(), s.distribution()));
            results.add(DistributionMonitors.inputDrift(e.window(), e.profile(), s.distribution()));
            results.addAll(OperationalMonitors.dataQuality(e.window(), e.profile(), s.operational()));
            results.add(OperationalMonitors.performance(e.window(), e.reference(), s.operational()));
        }
        results.add(OperationalMonitors.latency(e.window(), s.operational()));
        results.add(OperationalMonitors.errorRate(e.lastSixHours(), e.at(), s.operational()));
        return results;
    }
}
