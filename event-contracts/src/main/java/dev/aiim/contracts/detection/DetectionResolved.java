package dev.aiim.contracts.detection;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** The source says the condition cleared. It adds to the incident's timeline; it never closes an incident by itself. */
public record DetectionResolved(
        String detectionId,
        String correlationKey,
        @Nullable String dedupKey,
        @Nullable String systemId,
        IncidentCategory category,
        @Nullable String summary,
        DetectionSource source,
        Instant resolvedAt,
        boolean simulation) {
}
