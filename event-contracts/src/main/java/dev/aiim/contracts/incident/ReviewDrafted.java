package dev.aiim.contracts.incident;

/** The post-incident review draft was written or changed. */
public record ReviewDrafted(
        IncidentEventHeader header,
        PostIncidentReview review) implements IncidentEvent {
}
