package dev.aiim.contracts.incident;

import java.time.Instant;

/** The commander declared the harm contained. */
public record IncidentContained(
        IncidentEventHeader header,
        String summary,
        Instant containedAt) implements IncidentEvent {
}
