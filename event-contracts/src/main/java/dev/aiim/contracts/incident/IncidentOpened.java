package dev.aiim.contracts.incident;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.RegistryFacts;

import java.time.Instant;

/**
 * An incident was opened in DETECTED, from a detection or a manual declaration; {@code registry} is what the AI-system
 * registry said of its system then (null when the system is not registered).
 */
public record IncidentOpened(
        IncidentEventHeader header,
        String title,
        @Nullable String description,
        DetectionSource source,
        @Nullable Severity suggestedSeverity,
        @Nullable Instant occurredAt,
        Instant detectedAt,
        @Nullable String correlationKey,
        @Nullable String detectionId,
        @Nullable RegistryFacts registry) implements IncidentEvent {
}
