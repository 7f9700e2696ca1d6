package dev.aiim.incident.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.RootCauseCategory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What someone asks the incident to do, in the playbook's words. {@link IncidentDecider} answers with events or a refusal. */
public sealed interface IncidentCommand {

    /** Phase 1: open an incident by hand (detections open theirs through the same command). */
    record DeclareIncident(String title, @Nullable String description, IncidentCategory category,
                           @Nullable String systemId, @Nullable Severity severity, @Nullable Instant occurredAt,
                           @Nullable Instant detectedAt, DetectionSource source, boolean simulation,
                           @Nullable String correlationKey, @Nullable String detectionId,
                           Map<String, Object> evidence) implements IncidentCommand {
    }

    /** Another detection with the same correlation key joins the open incident (no second incident). */
    record AttachSignal(String detectionId, DetectionSource source, String summary, String correlationKey,
                        Instant detectedAt, @Nullable Severity suggestedSeverity, Map<String, Object> evidence)
            implements IncidentCommand {
    }

    /** Phase 2: confirm with a severity, or dismiss as a false alarm; may name the commander in the same step. */
    record TriageIncident(TriageDecision decision, @Nullable Severity severity, String rationale,
                          @Nullable Person commander) implements IncidentCommand {
    }

    /** Change the severity before closing, with the reason; may name a (senior) commander in the same step. */
    record ClassifySeverity(Severity severity, String reason, @Nullable Person commander) implements IncidentCommand {
    }

    /** Give a response role to a person, or hand it over. */
    record AssignRole(IncidentRole role, Person person) implements IncidentCommand {
    }

    /** Phase 3: a containment action was taken; {@code effective} says whether it stopped the harm. */
    record RecordContainmentAction(ContainmentType type, String description, @Nullable String targetModelVersion,
                                   @Nullable FallbackKind fallback, @Nullable String scope,
                                   boolean effective, List<String> evidenceLinks) implements IncidentCommand {

        public RecordContainmentAction {
            evidenceLinks = evidenceLinks == null ? List.of() : List.copyOf(evidenceLinks);
        }

        public RecordContainmentAction(ContainmentType type, String description, @Nullable String targetModelVersion,
                                       @Nullable FallbackKind fallback, @Nullable String scope, boolean effective) {
            this(type, description, targetModelVersion, fallback, scope, effective, List.of());
        }

        /** A ROLLBACK or DISABLE alters the system: what the analysis of causes needs is kept first. */
        public boolean altersTheSystem() {
            return type == ContainmentType.ROLLBACK || type == ContainmentType.DISABLE;
        }
    }

    /** The commander declares the harm contained. */
    record DeclareContainment(String summary) implements IncidentCommand {
    }

    /** Phase 4: something the investigation found out. */
    record RecordFinding(String description, @Nullable String affectedPopulation, @Nullable String evidence)
            implements IncidentCommand {
    }

    /** Phase 4: the root cause, with contributing factors. */
    record IdentifyRootCause(RootCauseCategory category, String description, List<String> contributingFactors)
            implements IncidentCommand {
    }

    /** Phase 5: one step of the fix. FIX_TESTED must confirm fairness and performance acceptance. */
    record RecordResolutionStep(ResolutionStepKind step, String description, @Nullable Integer affectedDecisionsCorrected,
                                @Nullable Boolean fairnessCriteriaMet, @Nullable Boolean performanceCriteriaMet)
            implements IncidentCommand {
    }

    /** Phase 5: the fix is deployed and verified. */
    record ResolveIncident(String summary) implements IncidentCommand {
    }

    /** The scribe's log: what happened at {@code at}. */
    record AddTimelineEntry(Instant at, String text) implements IncidentCommand {
    }

    /** Phase 6: what is known, what is being done, and when the next update comes, for one audience. */
    record PostStatusUpdate(Audience audience, String whatIsKnown, String whatIsBeingDone,
                            @Nullable Instant nextUpdateBy) implements IncidentCommand {
    }

    /** The facts that decide which notification laws apply; replaces the previous assessment. */
    record RecordRegulatoryAssessment(Instant awareAt, boolean personalDataInvolved, boolean phiInvolved,
                                      @Nullable Long affectedIndividuals,
                                      @Nullable AiActSeriousIncident aiActSeriousIncident, boolean nis2Significant,
                                      @Nullable Nis2Thresholds.Nis2Facts nis2Facts)
            implements IncidentCommand {

        public RecordRegulatoryAssessment(Instant awareAt, boolean personalDataInvolved, boolean phiInvolved,
                                          @Nullable Long affectedIndividuals,
                                          @Nullable AiActSeriousIncident aiActSeriousIncident,
                                          boolean nis2Significant) {
            this(awareAt, personalDataInvolved, phiInvolved, affectedIndividuals, aiActSeriousIncident,
                    nis2Significant, null);
        }

        /** The same assessment with the recurring incidents Art. 4 counts (found by the service). */
        public RecordRegulatoryAssessment withRecurring(List<Nis2Thresholds.Recurring> recurring) {
            return new RecordRegulatoryAssessment(awareAt, personalDataInvolved, phiInvolved, affectedIndividuals,
                    aiActSeriousIncident, nis2Significant,
                    nis2Facts == null ? null : nis2Facts.withRecurring(recurring));
        }
    }

    /**
     * A stage of a regulator report went to the authority: regime and stage, when ({@code submittedAt}, default
     * now), the SHA-256 of the file sent, the authority and its case reference.
     */
    record RecordReportSubmission(String regime, String stage, String digest, @Nullable Instant submittedAt,
                                  @Nullable String authority, @Nullable String authorityReference)
            implements IncidentCommand {
    }

    /** Phase 7: write or change the post-incident review draft. */
    record DraftReview(PostIncidentReview review) implements IncidentCommand {
    }

    /** Phase 7: publish the drafted review. */
    record PublishReview() implements IncidentCommand {
    }

    /** Phase 7: something to change so that it does not happen again. */
    record AddActionItem(String title, String owner, LocalDate dueDate, ActionItemKind kind) implements IncidentCommand {
    }

    record CompleteActionItem(String itemId) implements IncidentCommand {
    }

    /** The response is over. SEV1-SEV3 need a published post-incident review first. */
    record CloseIncident(String summary) implements IncidentCommand {
    }

    /** The harm came back, or the fix did not hold. */
    record ReopenIncident(String reason) implements IncidentCommand {
    }
}
