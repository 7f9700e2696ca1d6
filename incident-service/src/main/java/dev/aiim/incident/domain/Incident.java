package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.EvidencePreserved;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Nis2Significance;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.RootCauseCategory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The incident as its events left it: immutable, evolved only by {@link IncidentDecider#evolve}.
 * {@code version} is the number of events applied, which is the stream version.
 */
public record Incident(
        String id,
        long version,
        String title,
        @Nullable String description,
        IncidentCategory category,
        @Nullable String systemId,
        @Nullable RegistryFacts registryAtOpen,
        DetectionSource source,
        boolean simulation,
        @Nullable String correlationKey,
        List<Signal> signals,
        int signalsCounted,
        IncidentStatus status,
        @Nullable Severity severity,
        @Nullable Severity suggestedSeverity,
        List<SeverityChange> severityHistory,
        @Nullable Instant occurredAt,
        Instant detectedAt,
        @Nullable Instant triagedAt,
        @Nullable Instant dismissedAt,
        @Nullable Instant containedAt,
        @Nullable Instant resolvedAt,
        @Nullable Instant closedAt,
        @Nullable String triageRationale,
        Map<IncidentRole, RoleAssignment> roles,
        List<RoleAssignment> roleHistory,
        List<ContainmentAction> containmentActions,
        boolean effectiveContainment,
        @Nullable String containmentSummary,
        List<Finding> findings,
        @Nullable RootCause rootCause,
        List<ResolutionStep> resolutionSteps,
        boolean fixTested,
        boolean fixDeployed,
        @Nullable String resolutionSummary,
        List<TimelineEntry> timeline,
        List<StatusUpdate> statusUpdates,
        @Nullable RegulatoryAssessment regulatory,
        List<ReportSubmission> reportSubmissions,
        @Nullable Review review,
        boolean reviewPublished,
        List<ActionItem> actionItems,
        int reopenCount,
        @Nullable String closingSummary,
        Actor openedBy) {

    /**
     * How many signals an incident keeps attached one by one, with their evidence; later detections from monitors
     * and alerts are counted ({@link IncidentEvent.SignalsCounted}). People's reports are always attached.
     */
    public static final int ATTACHED_SIGNALS = 100;

    /** Every signal of the incident: those attached and those counted. */
    public int signalCount() {
        return signals.size() + signalsCounted;
    }

    /** Lists and maps missing from an older stored state (a snapshot or view) read as empty. */
    public Incident {
        signals = copy(signals);
        severityHistory = copy(severityHistory);
        roles = roles == null || roles.isEmpty() ? Map.of() : Map.copyOf(roles);
        roleHistory = copy(roleHistory);
        containmentActions = copy(containmentActions);
        findings = copy(findings);
        resolutionSteps = copy(resolutionSteps);
        timeline = copy(timeline);
        statusUpdates = copy(statusUpdates);
        actionItems = copy(actionItems);
        reportSubmissions = copy(reportSubmissions);
    }

    /** When a submission satisfied the notification clock {@code regime} (a RegulatoryDeadline's), else null. */
    public @Nullable Instant clockMetAt(String regime) {
        return reportSubmissions.stream().filter(r -> r.clocksMet().contains(regime))
                .map(ReportSubmission::submittedAt).min(Instant::compareTo).orElse(null);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A status update as posted (phase 6). */
    public record StatusUpdate(String id, Audience audience, String whatIsKnown, String whatIsBeingDone,
                               @Nullable Instant nextUpdateBy, Instant postedAt, Actor postedBy) {
    }

    /** A stage of a regulator report as submitted to an authority, and the clocks it satisfied. */
    public record ReportSubmission(String id, String regime, String stage, String reportId, String digest,
                                   Instant submittedAt, @Nullable String authority,
                                   @Nullable String authorityReference, List<String> clocksMet,
                                   @Nullable RegulatoryDeadline nextDeadline, Instant recordedAt, Actor recordedBy) {
    }

    /** The regulatory facts and the deadlines they give, as last assessed. */
    public record RegulatoryAssessment(Instant awareAt, boolean personalDataInvolved, boolean phiInvolved,
                                       @Nullable Long affectedIndividuals,
                                       @Nullable AiActSeriousIncident aiActSeriousIncident, boolean nis2Significant,
                                       List<RegulatoryDeadline> deadlines, Instant assessedAt, Actor assessedBy,
                                       @Nullable Nis2Significance nis2) {
        public RegulatoryAssessment {
            deadlines = copy(deadlines);
        }
    }

    /** The post-incident review: the latest draft, and when it was published. */
    public record Review(PostIncidentReview content, Instant draftedAt, Actor draftedBy, @Nullable Instant publishedAt,
                         @Nullable Actor publishedBy) {
    }

    public record ActionItem(String id, String title, String owner, LocalDate dueDate, ActionItemKind kind,
                             Instant addedAt, Actor addedBy, @Nullable Instant completedAt,
                             @Nullable Actor completedBy) {
    }

    /** A detection that opened the incident or joined it, with the evidence it came with. */
    public record Signal(String detectionId, DetectionSource source, String summary, @Nullable String correlationKey,
                         Instant detectedAt, @Nullable Severity suggestedSeverity, Map<String, Object> evidence) {
        public Signal {
            evidence = evidence == null ? Map.of() : evidence;
        }
    }

    /** A severity decision: from what, to what, why, by whom, when. */
    public record SeverityChange(@Nullable Severity from, Severity to, String reason, Instant at, Actor by) {
    }

    /** Who holds (or held) a response role, since when, and who put them there. */
    public record RoleAssignment(IncidentRole role, Person person, Instant assignedAt, Actor assignedBy) {
    }

    /** {@code preserved}: what was kept before a ROLLBACK or DISABLE altered the system, and evidence links. */
    public record ContainmentAction(String id, ContainmentType type, String description,
                                    @Nullable String targetModelVersion, @Nullable FallbackKind fallback,
                                    @Nullable String scope, boolean effective, Instant takenAt, Actor takenBy,
                                    @Nullable EvidencePreserved preserved) {
    }

    public record Finding(String id, String description, @Nullable String affectedPopulation,
                          @Nullable String evidence, Instant recordedAt, Actor recordedBy) {
    }

    public record RootCause(RootCauseCategory category, String description, List<String> contributingFactors,
                            Instant identifiedAt, Actor identifiedBy) {
        public RootCause {
            contributingFactors = List.copyOf(contributingFactors);
        }
    }

    public record ResolutionStep(String id, ResolutionStepKind step, String description,
                                 @Nullable Integer affectedDecisionsCorrected, @Nullable Boolean fairnessCriteriaMet,
                                 @Nullable Boolean performanceCriteriaMet, Instant recordedAt, Actor recordedBy) {
    }

    /** A scribe's entry: the time it describes ({@code at}) and the time it was written. */
    public record TimelineEntry(String id, Instant at, String text, Instant writtenAt, Actor writtenBy) {
    }

    public boolean isOpen() {
        return status != IncidentStatus.CLOSED && status != IncidentStatus.DISMISSED;
    }

    @Nullable
    public Person holder(IncidentRole role) {
        RoleAssignment assignment = roles.get(role);
        return assignment == null ? null : assignment.person();
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a state so that {@link IncidentDecider#evolve} can change a few fields and build the next one. */
    static final class Builder {
        String id;
        long version;
        String title;
        String description;
        IncidentCategory category;
        String systemId;
        RegistryFacts registryAtOpen;
        DetectionSource source;
        boolean simulation;
        String correlationKey;
        List<Signal> signals;
        int signalsCounted;
        IncidentStatus status;
        Severity severity;
        Severity suggestedSeverity;
        List<SeverityChange> severityHistory;
        Instant occurredAt;
        Instant detectedAt;
        Instant triagedAt;
        Instant dismissedAt;
        Instant containedAt;
        Instant resolvedAt;
        Instant closedAt;
        String triageRationale;
        Map<IncidentRole, RoleAssignment> roles;
        List<RoleAssignment> roleHistory;
        List<ContainmentAction> containmentActions;
        boolean effectiveContainment;
        String containmentSummary;
        List<Finding> findings;
        RootCause rootCause;
        List<ResolutionStep> resolutionSteps;
        boolean fixTested;
        boolean fixDeployed;
        String resolutionSummary;
        List<TimelineEntry> timeline;
        List<StatusUpdate> statusUpdates;
        RegulatoryAssessment regulatory;
        List<ReportSubmission> reportSubmissions;
        Review review;
        boolean reviewPublished;
        List<ActionItem> actionItems;
        int reopenCount;
        String closingSummary;
        Actor openedBy;

        Builder() {
            signals = new ArrayList<>();
            severityHistory = new ArrayList<>();
            roles = new EnumMap<>(IncidentRole.class);
            roleHistory = new ArrayList<>();
            containmentActions = new ArrayList<>();
            findings = new ArrayList<>();
            resolutionSteps = new ArrayList<>();
            timeline = new ArrayList<>();
            statusUpdates = new ArrayList<>();
            actionItems = new ArrayList<>();
            reportSubmissions = new ArrayList<>();
        }

        Builder(Incident s) {
            id = s.id;
            version = s.version;
            title = s.title;
            description = s.description;
            category = s.category;
            systemId = s.systemId;
            registryAtOpen = s.registryAtOpen;
            source = s.source;
            simulation = s.simulation;
            correlationKey = s.correlationKey;
            signals = new ArrayList<>(s.signals);
            signalsCounted = s.signalsCounted;
            status = s.status;
            severity = s.severity;
            suggestedSeverity = s.suggestedSeverity;
            severityHistory = new ArrayList<>(s.severityHistory);
            occurredAt = s.occurredAt;
            detectedAt = s.detectedAt;
            triagedAt = s.triagedAt;
            dismissedAt = s.dismissedAt;
            containedAt = s.containedAt;
            resolvedAt = s.resolvedAt;
            closedAt = s.closedAt;
            triageRationale = s.triageRationale;
            roles = s.roles.isEmpty() ? new EnumMap<>(IncidentRole.class) : new EnumMap<>(s.roles);
            roleHistory = new ArrayList<>(s.roleHistory);
            containmentActions = new ArrayList<>(s.containmentActions);
            effectiveContainment = s.effectiveContainment;
            containmentSummary = s.containmentSummary;
            findings = new ArrayList<>(s.findings);
            rootCause = s.rootCause;
            resolutionSteps = new ArrayList<>(s.resolutionSteps);
            fixTested = s.fixTested;
            fixDeployed = s.fixDeployed;
            resolutionSummary = s.resolutionSummary;
            timeline = new ArrayList<>(s.timeline);
            statusUpdates = new ArrayList<>(s.statusUpdates);
            regulatory = s.regulatory;
            reportSubmissions = new ArrayList<>(s.reportSubmissions);
            review = s.review;
            reviewPublished = s.reviewPublished;
            actionItems = new ArrayList<>(s.actionItems);
            reopenCount = s.reopenCount;
            closingSummary = s.closingSummary;
            openedBy = s.openedBy;
        }

        Incident build() {
            return new Incident(id, version, title, description, category, systemId, registryAtOpen, source,
                    simulation, correlationKey, signals, signalsCounted, status, severity, suggestedSeverity,
                    severityHistory, occurredAt, detectedAt, triagedAt, dismissedAt, containedAt, resolvedAt, closedAt,
                    triageRationale, roles, roleHistory, containmentActions, effectiveContainment, containmentSummary,
                    findings, rootCause, resolutionSteps, fixTested, fixDeployed, resolutionSummary, timeline,
                    statusUpdates, regulatory, reportSubmissions, review, reviewPublished, actionItems, reopenCount,
                    closingSummary, openedBy);
        }
    }
}
