package dev.aiim.contracts;

/** Where a signal came from: the platform's own monitors, a monitoring system's alert, a person, or a manual declaration. */
public enum DetectionSource {
    MONITOR, ALERT, STAKEHOLDER_REPORT, MANUAL
}
