package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.time.Instant;
import java.util.List;

/** The facts that decide which notification laws apply, and the deadlines they give. */
public record RegulatoryAssessmentRecorded(
        IncidentEventHeader header,
        Instant awareAt,
        boolean personalDataInvolved,
        boolean phiInvolved,
        @Nullable Long affectedIndividuals,
        @Nullable AiActSeriousIncident aiActSeriousIncident,
        boolean nis2Significant,
        List<RegulatoryDeadline> deadlines) implements IncidentEvent {
}
