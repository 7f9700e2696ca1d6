package dev.aiim.contracts.incident;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.time.Instant;

/** An incident was opened in DETECTED, from a detection or a manual declaration. */
public record IncidentOpened(
        IncidentEventHeader header,
        String title,
        @Nullable String description,
        DetectionSource source,
        @Nullable Severity suggestedSeverity,
        @Nullable Instant occurredAt,
        Instant detectedAt,
        @Nullable String correlationKey,
        @Nullable String detectionId) implements IncidentEvent {
}
