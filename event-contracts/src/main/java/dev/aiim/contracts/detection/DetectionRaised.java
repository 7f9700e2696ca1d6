package dev.aiim.contracts.detection;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.time.Instant;
import java.util.Map;

/**
 * Something looks wrong with an AI system: a monitor breached, an alert fired, or a person reported it.
 * {@code correlationKey} ({@code systemId:category} unless the integration groups otherwise) decides
 * whether it opens a new incident or joins an open one.
 */
public record DetectionRaised(
        String detectionId,
        String correlationKey,
        @Nullable String dedupKey,
        @Nullable String systemId,
        IncidentCategory category,
        String summary,
        @Nullable Severity suggestedSeverity,
        DetectionSource source,
        @Nullable String integrationId,
        @Nullable Instant occurredAt,
        Instant detectedAt,
        Map<String, String> labels,
        Map<String, Object> evidence,
        boolean simulation) {
}
