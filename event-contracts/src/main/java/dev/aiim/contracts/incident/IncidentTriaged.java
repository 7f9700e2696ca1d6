package dev.aiim.contracts.incident;

import dev.aiim.contracts.Severity;

import java.time.Instant;

/** Triage confirmed the incident as real, with an initial severity. */
public record IncidentTriaged(
        IncidentEventHeader header,
        Severity severity,
        String rationale,
        Instant triagedAt) implements IncidentEvent {
}
