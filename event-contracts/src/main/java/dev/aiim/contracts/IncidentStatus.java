package dev.aiim.contracts;

/** Lifecycle: DETECTED, then TRIAGED or DISMISSED, CONTAINED, RESOLVED, CLOSED (RESOLVED/CLOSED reopen). */
public enum IncidentStatus {
    DETECTED, TRIAGED, DISMISSED, CONTAINED, RESOLVED, CLOSED
}
