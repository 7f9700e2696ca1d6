package dev.aiim.contracts.incident;

import java.time.Instant;

/** The fix was deployed and verified. */
public record IncidentResolved(
        IncidentEventHeader header,
        String summary,
        Instant resolvedAt) implements IncidentEvent {
}
