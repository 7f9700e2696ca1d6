package dev.aiim.contracts.incident;

import dev.aiim.contracts.DetectionSource;

import java.time.Instant;
import java.util.List;

/**
 * Further detections joined an open incident that already has its full share of attached signals: they are counted,
 * not attached one by one, so that an alert storm of one system is one incident with a count rather than an event
 * stream that grows with every alert. Each detection is still linked to the incident (detection ids:
 * {@code GET /api/v1/incidents/{id}/signals}). One event stands for the detections of one consumer poll.
 *
 * @param count            how many detections this event counts (at least 1)
 * @param sources          where they came from (monitors, alerts)
 * @param firstDetectedAt  the earliest detection time among them
 * @param lastDetectedAt   the latest
 * @param lastDetectionId  the id of the latest, as an example to look up
 * @param lastSummary      its summary
 */
public record SignalsCounted(
        IncidentEventHeader header,
        int count,
        List<DetectionSource> sources,
        String correlationKey,
        Instant firstDetectedAt,
        Instant lastDetectedAt,
        String lastDetectionId,
        String lastSummary) implements IncidentEvent {
}
