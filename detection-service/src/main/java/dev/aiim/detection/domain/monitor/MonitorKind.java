package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.IncidentCategory;

/** The built-in monitors, and the incident category a breach of each suggests. */
public enum MonitorKind {
    PERFORMANCE(IncidentCategory.PERFORMANCE_DEGRADATION),
    OUTPUT_DRIFT(IncidentCategory.PERFORMANCE_DEGRADATION),
    INPUT_DRIFT(IncidentCategory.PERFORMANCE_DEGRADATION),
    FAIRNESS(IncidentCategory.BIAS_FAIRNESS),
    DATA_QUALITY(IncidentCategory.PERFORMANCE_DEGRADATION),
    LATENCY(IncidentCategory.AVAILABILITY),
    ERROR_RATE(IncidentCategory.AVAILABILITY),
    /** Performance estimated from calibrated scores while labels are missing (CBPE). */
    ESTIMATED_PERFORMANCE(IncidentCategory.PERFORMANCE_DEGRADATION),
    /** Telemetry that stopped arriving: the monitors are blind. */
    HEARTBEAT(IncidentCategory.AVAILABILITY);

    private final IncidentCategory category;

    MonitorKind(IncidentCategory category) {
        this.category = category;
    }

    public IncidentCategory category() {
        return category;
    }
}
