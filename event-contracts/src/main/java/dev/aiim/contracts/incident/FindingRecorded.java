package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

/** An investigation finding. */
public record FindingRecorded(
        IncidentEventHeader header,
        String findingId,
        String description,
        @Nullable String affectedPopulation,
        @Nullable String evidence) implements IncidentEvent {
}
