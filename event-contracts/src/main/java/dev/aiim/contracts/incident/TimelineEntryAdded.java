package dev.aiim.contracts.incident;

import java.time.Instant;

/** The scribe logged what happened at a given time. */
public record TimelineEntryAdded(
        IncidentEventHeader header,
        String entryId,
        Instant at,
        String text) implements IncidentEvent {
}
