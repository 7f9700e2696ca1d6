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
import java.util.List;
import java.util.Map;

/**
 * What happened to an incident, as stored in its stream. Names and fields match the integration
 * events in {@code event-contracts} (which add the stored event's header); fields beyond those say
 * who acted and when, so that replaying the stream alone rebuilds the whole response record.
 */
public sealed interface IncidentEvent {

    record IncidentOpened(String title, @Nullable String description, IncidentCategory category,
                          @Nullable String systemId, DetectionSource source, @Nullable Severity suggestedSeverity,
                          @Nullable Instant occurredAt, Instant detectedAt, @Nullable String correlationKey,
                          @Nullable String detectionId, boolean simulation, Actor openedBy,
                          @Nullable Map<String, Object> evidence, @Nullable RegistryFacts registry)
            implements IncidentEvent {
    }

    record SignalAttached(String detectionId, DetectionSource source, String summary, String correlationKey,
                          Instant detectedAt, @Nullable Severity suggestedSeverity,
                          @Nullable Map<String, Object> evidence) implements IncidentEvent {
    }

    /**
     * Detections past the incident's share of attached signals ({@link Incident#ATTACHED_SIGNALS}), counted: one
     * event for the detections of one append rather than one each, so an alert storm costs its incident a few events.
     */
    record SignalsCounted(int count, List<DetectionSource> sources, String correlationKey, Instant firstDetectedAt,
                          Instant lastDetectedAt, String lastDetectionId, String lastSummary) implements IncidentEvent {

        /** This count and a later one as one event: what folding both would have left. */
        public SignalsCounted plus(SignalsCounted later) {
            List<DetectionSource> both = new ArrayList<>(sources);
            later.sources.stream().filter(source -> !both.contains(source)).forEach(both::add);
            return new SignalsCounted(count + later.count, List.copyOf(both), correlationKey,
                    firstDetectedAt.isBefore(later.firstDetectedAt) ? firstDetectedAt : later.firstDetectedAt,
                    lastDetectedAt.isAfter(later.lastDetectedAt) ? lastDetectedAt : later.lastDetectedAt,
                    later.lastDetectionId, later.lastSummary);
        }
    }

    record IncidentTriaged(Severity severity, String rationale, Instant triagedAt, Actor triagedBy) implements IncidentEvent {
    }

    record IncidentDismissed(String rationale, Instant dismissedAt, Actor dismissedBy) implements IncidentEvent {
    }

    record SeverityClassified(@Nullable Severity previousSeverity, Severity severity, String reason,
                              Instant classifiedAt, Actor classifiedBy) implements IncidentEvent {
    }

    record RoleAssigned(IncidentRole role, Person person, @Nullable Person previousHolder, Instant assignedAt,
                        Actor assignedBy) implements IncidentEvent {
    }

    record ContainmentActionRecorded(String actionId, ContainmentType type, String description,
                                     @Nullable String targetModelVersion, @Nullable FallbackKind fallback,
                                     @Nullable String scope, boolean effective, Instant takenAt, Actor takenBy,
                                     @Nullable RegistryFacts registry, @Nullable EvidencePreserved preserved)
            implements IncidentEvent {
    }

    record IncidentContained(String summary, Instant containedAt, Actor declaredBy) implements IncidentEvent {
    }

    record FindingRecorded(String findingId, String description, @Nullable String affectedPopulation,
                           @Nullable String evidence, Instant recordedAt, Actor recordedBy) implements IncidentEvent {
    }

    record RootCauseIdentified(RootCauseCategory category, String description, List<String> contributingFactors,
                               Instant identifiedAt, Actor identifiedBy) implements IncidentEvent {
    }

    record ResolutionStepRecorded(String stepId, ResolutionStepKind step, String description,
                                  @Nullable Integer affectedDecisionsCorrected, @Nullable Boolean fairnessCriteriaMet,
                                  @Nullable Boolean performanceCriteriaMet, Instant recordedAt, Actor recordedBy)
            implements IncidentEvent {
    }

    record IncidentResolved(String summary, Instant resolvedAt, Actor resolvedBy) implements IncidentEvent {
    }

    record TimelineEntryAdded(String entryId, Instant at, String text, Instant writtenAt, Actor writtenBy)
            implements IncidentEvent {
    }

    record StatusUpdatePosted(String updateId, Audience audience, String whatIsKnown, String whatIsBeingDone,
                              @Nullable Instant nextUpdateBy, Instant postedAt, Actor postedBy) implements IncidentEvent {
    }

    record RegulatoryAssessmentRecorded(Instant awareAt, boolean personalDataInvolved, boolean phiInvolved,
                                        @Nullable Long affectedIndividuals,
                                        @Nullable AiActSeriousIncident aiActSeriousIncident, boolean nis2Significant,
                                        List<RegulatoryDeadline> deadlines, Instant assessedAt, Actor assessedBy,
                                        @Nullable Nis2Significance nis2, @Nullable List<String> clocksMet)
            implements IncidentEvent {
    }

    record RegulatoryReportSubmitted(String submissionId, String regime, String stage, String reportId, String digest,
                                     Instant submittedAt, @Nullable String authority,
                                     @Nullable String authorityReference, List<String> clocksMet,
                                     @Nullable RegulatoryDeadline nextDeadline, Instant recordedAt, Actor recordedBy)
            implements IncidentEvent {
    }

    record ReviewDrafted(PostIncidentReview review, Instant draftedAt, Actor draftedBy) implements IncidentEvent {
    }

    record ReviewPublished(PostIncidentReview review, Instant publishedAt, Actor publishedBy) implements IncidentEvent {
    }

    record ActionItemAdded(String itemId, String title, String owner, LocalDate dueDate, ActionItemKind kind,
                           Instant addedAt, Actor addedBy) implements IncidentEvent {
    }

    record ActionItemCompleted(String itemId, Instant completedAt, Actor completedBy) implements IncidentEvent {
    }

    record IncidentClosed(String summary, Instant closedAt, Actor closedBy) implements IncidentEvent {
    }

    record IncidentReopened(String reason, IncidentStatus reopenedFrom, Instant reopenedAt, Actor reopenedBy)
            implements IncidentEvent {
    }
}
