package dev.aiim.contracts.incident;

import java.time.Instant;

/** The post-incident review was published. */
public record ReviewPublished(
        IncidentEventHeader header,
        PostIncidentReview review,
        Instant publishedAt) implements IncidentEvent {
}
