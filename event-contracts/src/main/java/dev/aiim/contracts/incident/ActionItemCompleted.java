package dev.aiim.contracts.incident;

import java.time.Instant;

/** An action item was completed. */
public record ActionItemCompleted(
        IncidentEventHeader header,
        String itemId,
        Instant completedAt) implements IncidentEvent {
}
