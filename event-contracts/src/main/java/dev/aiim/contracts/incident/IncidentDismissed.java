package dev.aiim.contracts.incident;

import java.time.Instant;

/** Triage found a false alarm. */
public record IncidentDismissed(
        IncidentEventHeader header,
        String rationale,
        Instant dismissedAt) implements IncidentEvent {
}
