package dev.aiim.contracts.incident;

import java.time.Instant;

/** A resolved or closed incident was reopened. */
public record IncidentReopened(
        IncidentEventHeader header,
        String reason,
        Instant reopenedAt) implements IncidentEvent {
}
