package dev.aiim.contracts.incident;

import java.time.Instant;

/** The incident was closed. */
public record IncidentClosed(
        IncidentEventHeader header,
        String summary,
        Instant closedAt) implements IncidentEvent {
}
