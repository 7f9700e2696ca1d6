package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** A containment action was taken (rollback, disable, degrade, guardrail, reduce scope), and whether it stopped the harm. */
public record ContainmentActionRecorded(
        IncidentEventHeader header,
        String actionId,
        ContainmentType type,
        String description,
        @Nullable String targetModelVersion,
        @Nullable String scope,
        boolean effective,
        Instant takenAt) implements IncidentEvent {
}
