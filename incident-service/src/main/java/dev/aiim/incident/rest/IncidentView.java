package dev.aiim.incident.rest;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.ResponseTargets;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The incident as clients read it (docs/api.md): the state, plus due times and overdue phases at the time of reading. */
public record IncidentView(
        String id,
        long version,
        String title,
        String description,
        IncidentStatus status,
        Severity severity,
        Severity suggestedSeverity,
        IncidentCategory category,
        String systemId,
        RegistryFacts registryAtOpen,
        boolean simulation,
        DetectionSource source,
        String correlationKey,
        Signals signals,
        Instant occurredAt,
        Instant detectedAt,
        Instant triagedAt,
        Instant dismissedAt,
        Instant containedAt,
        Instant resolvedAt,
        Instant closedAt,
        String triageRationale,
        List<Incident.SeverityChange> severityHistory,
        Map<String, RoleHolder> roles,
        List<Incident.RoleAssignment> roleHistory,
        List<Incident.ContainmentAction> containmentActions,
        String containmentSummary,
        List<Incident.Finding> findings,
        Incident.RootCause rootCause,
        List<Incident.ResolutionStep> resolutionSteps,
        String resolutionSummary,
        Incident.StatusUpdate lastStatusUpdate,
        List<Incident.StatusUpdate> statusUpdates,
        Instant nextUpdateDue,
        Due due,
        List<ResponseTargets.Phase> overdue,
        Regulatory regulatory,
        Review review,
        List<ActionItem> actionItems,
        int reopenCount,
        String closingSummary,
        Actor openedBy) {

    /**
     * @param count   every signal of the incident
     * @param items   the signals attached one by one, with their evidence (the first {@link Incident#ATTACHED_SIGNALS})
     * @param counted the signals past those, counted (all listed by {@code GET /api/v1/incidents/{id}/signals})
     */
    public record Signals(int count, List<Incident.Signal> items, int counted) {
    }

    /** A role's holder: the person (docs/api.md) and when they took the role. */
    public record RoleHolder(String id, String name, String email, boolean seniorLeader, Instant assignedAt) {
    }

    /** When triage and containment are due by the playbook's targets ({@code containment} only for SEV1/SEV2). */
    public record Due(Instant triage, Instant containment) {
    }

    /** The regulatory assessment: the facts as last recorded, and each regime's deadline with its state now. */
    /** {@code submissions}: the regulator reports recorded as submitted, stage by stage. */
    public record Regulatory(boolean assessed, Incident.RegulatoryAssessment assessment, List<Regime> regimes,
                             List<Incident.ReportSubmission> submissions) {
    }

    /** {@code metAt}: when a submitted report satisfied this clock (null while it runs). */
    public record Regime(String regime, String obligation, Instant clockStartedAt, Instant dueAt, boolean overdue,
                         @Nullable Instant metAt) {
    }

    /** {@code status}: NOT_STARTED, DRAFT or PUBLISHED; {@code required} for SEV1-SEV3 before closing. */
    public record Review(String status, boolean required, Incident.Review review) {
    }

    /** {@code overdue}: open past its due date. */
    public record ActionItem(String id, String title, String owner, LocalDate dueDate,
                             ActionItemKind kind, String status, boolean overdue,
                             Instant addedAt, Actor addedBy, Instant completedAt, Actor completedBy) {
    }
}
