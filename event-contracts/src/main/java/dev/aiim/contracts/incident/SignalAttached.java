package dev.aiim.contracts.incident;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** Another detection with the same correlation key joined an open incident (no second incident). */
public record SignalAttached(
        IncidentEventHeader header,
        String detectionId,
        DetectionSource source,
        String summary,
        String correlationKey,
        Instant detectedAt) implements IncidentEvent {
}
