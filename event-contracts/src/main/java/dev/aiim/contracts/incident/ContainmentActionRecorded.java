package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.RegistryFacts;

import java.time.Instant;

/**
 * A containment action was taken (rollback, disable, degrade, guardrail, reduce scope), and whether it stopped the
 * harm. {@code registry}: what the AI-system registry said of the system when the action changed its model version
 * (null for actions that name no version, or a system not registered). {@code preserved}: what a ROLLBACK or DISABLE
 * kept before it altered the system, and any evidence links the responder gave (null for events before it was kept).
 */
public record ContainmentActionRecorded(
        IncidentEventHeader header,
        String actionId,
        ContainmentType type,
        String description,
        @Nullable String targetModelVersion,
        @Nullable String scope,
        boolean effective,
        Instant takenAt,
        @Nullable RegistryFacts registry,
        @Nullable EvidencePreserved preserved) implements IncidentEvent {
}
