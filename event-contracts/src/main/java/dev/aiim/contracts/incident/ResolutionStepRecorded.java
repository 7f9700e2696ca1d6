package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

/** A resolution step was completed (fix developed, tested, deployed, impact remediated). */
public record ResolutionStepRecorded(
        IncidentEventHeader header,
        ResolutionStepKind step,
        String description,
        @Nullable Integer affectedDecisionsCorrected) implements IncidentEvent {
}
