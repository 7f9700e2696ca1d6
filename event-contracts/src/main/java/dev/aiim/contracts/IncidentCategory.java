package dev.aiim.contracts;

/** The six AI incident categories of the playbook. */
public enum IncidentCategory {
    PERFORMANCE_DEGRADATION, BIAS_FAIRNESS, SAFETY, PRIVACY, SECURITY, AVAILABILITY
}
