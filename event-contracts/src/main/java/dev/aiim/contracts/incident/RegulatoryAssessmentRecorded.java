package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The facts that decide which notification laws apply, and the deadlines they give; {@code nis2}: the significance
 * test of Implementing Regulation (EU) 2024/2690 when its facts were given (null otherwise); {@code clocksMet}: the
 * deadlines reports already submitted have met (an assessment recorded again after a submission), which remind no
 * more. A deadline a submission restarted (NIS2's final report) is given as restarted.
 */
public record RegulatoryAssessmentRecorded(
        IncidentEventHeader header,
        Instant awareAt,
        boolean personalDataInvolved,
        boolean phiInvolved,
        @Nullable Long affectedIndividuals,
        @Nullable AiActSeriousIncident aiActSeriousIncident,
        boolean nis2Significant,
        List<RegulatoryDeadline> deadlines,
        @Nullable Nis2Significance nis2,
        List<String> clocksMet) implements IncidentEvent {

    public RegulatoryAssessmentRecorded {
        clocksMet = clocksMet == null ? List.of() : List.copyOf(clocksMet);
    }
}
