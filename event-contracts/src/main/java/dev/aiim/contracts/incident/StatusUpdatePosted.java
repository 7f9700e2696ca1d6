package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** A status update went to an audience: what is known, what is being done, when the next update comes. */
public record StatusUpdatePosted(
        IncidentEventHeader header,
        Audience audience,
        String whatIsKnown,
        String whatIsBeingDone,
        @Nullable Instant nextUpdateBy) implements IncidentEvent {
}
