package dev.aiim.detection.domain.monitor;

import java.util.Map;

/**
 * One monitor's verdict on one window: which metric, its value against which threshold, and the
 * evidence a responder needs (group, sample sizes, reference), for the status page and the detection.
 *
 * @param subject what was measured: the group attribute, the feature, or the model's output
 */
public record MonitorResult(MonitorKind monitor, String subject, Hysteresis.Verdict verdict, String metric, double value,
                            double threshold, Map<String, Object> evidence) {

    /** The key a monitor's state is kept under: one per monitor and subject. */
    public String key() {
        return monitor.name() + ":" + subject;
    }
}
