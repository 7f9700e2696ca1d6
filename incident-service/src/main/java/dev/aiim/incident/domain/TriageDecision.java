package dev.aiim.incident.domain;

/** Phase 2's first question: is this a real incident? */
public enum TriageDecision {
    CONFIRMED, FALSE_ALARM
}
