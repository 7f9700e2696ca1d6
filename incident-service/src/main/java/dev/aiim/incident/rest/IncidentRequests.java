package dev.aiim.incident.rest;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.CausalLink;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.RootCauseCategory;
import dev.aiim.incident.domain.FallbackKind;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.Nis2Thresholds;
import dev.aiim.incident.domain.TriageDecision;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Request bodies of the incident API (docs/api.md), each turned into one domain command. */
public final class IncidentRequests {

    private static final int TEXT = 10_000;
    private static final int LINE = 500;

    private IncidentRequests() {
    }

    public record DeclareIncidentRequest(
            @NotBlank @Size(max = LINE) String title,
            @Size(max = TEXT) String description,
            @Size(max = 200) String systemId,
            @NotNull IncidentCategory category,
            Severity severity,
            Instant occurredAt,
            Instant detectedAt,
            DetectionSource source,
            Boolean simulation) {

        IncidentCommand.DeclareIncident toCommand() {
            return new IncidentCommand.DeclareIncident(title, description, category, systemId, severity, occurredAt,
                    detectedAt, source == null ? DetectionSource.MANUAL : source, Boolean.TRUE.equals(simulation),
                    null, null, Map.of());
        }
    }

    public record PersonRequest(
            @NotBlank @Size(max = 200) String id,
            @NotBlank @Size(max = LINE) String name,
            @Email @Size(max = LINE) String email,
            boolean seniorLeader) {

        static Person toPerson(PersonRequest request) {
            return request == null ? null
                    : new Person(request.id(), request.name(), request.email(), request.seniorLeader());
        }
    }

    public record TriageRequest(
            @NotNull TriageDecision decision,
            Severity severity,
            @NotBlank @Size(max = TEXT) String rationale,
            @Valid PersonRequest commander) {

        IncidentCommand.TriageIncident toCommand() {
            return new IncidentCommand.TriageIncident(decision, severity, rationale, PersonRequest.toPerson(commander));
        }
    }

    public record SeverityRequest(
            @NotNull Severity severity,
            @NotBlank @Size(max = TEXT) String reason,
            @Valid PersonRequest commander) {

        IncidentCommand.ClassifySeverity toCommand() {
            return new IncidentCommand.ClassifySeverity(severity, reason, PersonRequest.toPerson(commander));
        }
    }

    public record ContainmentActionRequest(
            @NotNull ContainmentType type,
            @NotBlank @Size(max = TEXT) String description,
            @Size(max = 200) String targetModelVersion,
            FallbackKind fallback,
            @Size(max = TEXT) String scope,
            @NotNull Boolean effective,
            @Size(max = 20) List<@NotBlank @Size(max = 2000) String> evidenceLinks) {

        IncidentCommand.RecordContainmentAction toCommand() {
            return new IncidentCommand.RecordContainmentAction(type, description, targetModelVersion, fallback, scope,
                    effective, evidenceLinks);
        }
    }

    /** The body of containment, resolve and close: a summary in words. */
    public record SummaryRequest(@NotBlank @Size(max = TEXT) String summary) {
    }

    public record FindingRequest(
            @NotBlank @Size(max = TEXT) String description,
            @Size(max = TEXT) String affectedPopulation,
            @Size(max = TEXT) String evidence) {

        IncidentCommand.RecordFinding toCommand() {
            return new IncidentCommand.RecordFinding(description, affectedPopulation, evidence);
        }
    }

    public record RootCauseRequest(
            @NotNull RootCauseCategory category,
            @NotBlank @Size(max = TEXT) String description,
            @Size(max = 50) List<@NotBlank @Size(max = LINE) String> contributingFactors) {

        IncidentCommand.IdentifyRootCause toCommand() {
            return new IncidentCommand.IdentifyRootCause(category, description,
                    contributingFactors == null ? List.of() : contributingFactors);
        }
    }

    public record ResolutionStepRequest(
            @NotNull ResolutionStepKind step,
            @NotBlank @Size(max = TEXT) String description,
            @PositiveOrZero Integer affectedDecisionsCorrected,
            Boolean fairnessCriteriaMet,
            Boolean performanceCriteriaMet) {

        IncidentCommand.RecordResolutionStep toCommand() {
            return new IncidentCommand.RecordResolutionStep(step, description, affectedDecisionsCorrected,
                    fairnessCriteriaMet, performanceCriteriaMet);
        }
    }

    public record TimelineEntryRequest(@NotNull Instant at, @NotBlank @Size(max = TEXT) String text) {

        IncidentCommand.AddTimelineEntry toCommand() {
            return new IncidentCommand.AddTimelineEntry(at, text);
        }
    }

    public record ReopenRequest(@NotBlank @Size(max = TEXT) String reason) {
    }

    public record StatusUpdateRequest(
            @NotNull Audience audience,
            @NotBlank @Size(max = TEXT) String whatIsKnown,
            @NotBlank @Size(max = TEXT) String whatIsBeingDone,
            Instant nextUpdateBy) {

        IncidentCommand.PostStatusUpdate toCommand() {
            return new IncidentCommand.PostStatusUpdate(audience, whatIsKnown, whatIsBeingDone, nextUpdateBy);
        }
    }

    /** EU AI Act Art. 3(49) and Art. 73 facts. */
    public record AiActSeriousIncidentRequest(
            @NotEmpty List<@NotNull @Pattern(regexp = "[a-d]", message = "must be a, b, c or d") String> categories,
            boolean death,
            boolean widespreadInfringement,
            boolean criticalInfrastructure,
            @Size(max = 30) List<@NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be a two-letter country code")
                    String> memberStates,
            @NotNull CausalLink causalLink,
            Instant causalLinkAt) {

        AiActSeriousIncident toFacts() {
            return new AiActSeriousIncident(categories, death, widespreadInfringement, criticalInfrastructure,
                    memberStates == null ? List.of() : memberStates, causalLink, causalLinkAt);
        }
    }

    /** Every answer is required: a regulatory assessment states each fact, it does not default it. */
    public record RegulatoryAssessmentRequest(
            @NotNull Instant awareAt,
            @NotNull Boolean personalDataInvolved,
            @NotNull Boolean phiInvolved,
            @PositiveOrZero Long affectedIndividuals,
            @Valid AiActSeriousIncidentRequest aiActSeriousIncident,
            @NotNull Boolean nis2Significant,
            @Valid Nis2FactsRequest nis2) {

        IncidentCommand.RecordRegulatoryAssessment toCommand() {
            return new IncidentCommand.RecordRegulatoryAssessment(awareAt, personalDataInvolved, phiInvolved,
                    affectedIndividuals, aiActSeriousIncident == null ? null : aiActSeriousIncident.toFacts(),
                    nis2Significant, nis2 == null || nis2.blank() ? null : nis2.toFacts());
        }
    }

    /** The facts the NIS2 significance thresholds (Implementing Regulation (EU) 2024/2690 Art. 3) ask for. */
    public record Nis2FactsRequest(
            @PositiveOrZero Long financialLossEur,
            @PositiveOrZero Long annualTurnoverEur,
            boolean tradeSecretsExfiltrated,
            boolean death,
            boolean considerableHealthDamage,
            boolean maliciousAccess) {

        /** No fact given (the console's form sends its fields empty): no thresholds to test. */
        boolean blank() {
            return financialLossEur == null && annualTurnoverEur == null && !tradeSecretsExfiltrated && !death
                    && !considerableHealthDamage && !maliciousAccess;
        }

        Nis2Thresholds.Nis2Facts toFacts() {
            return new Nis2Thresholds.Nis2Facts(financialLossEur, annualTurnoverEur, tradeSecretsExfiltrated, death,
                    considerableHealthDamage, maliciousAccess, List.of());
        }
    }

    public record ReportSubmissionRequest(
            @NotBlank @Size(max = 40) String regime,
            @NotBlank @Size(max = 40) String stage,
            @NotBlank @Size(max = 80) String digest,
            Instant submittedAt,
            @Size(max = 200) String authority,
            @Size(max = 200) String authorityReference) {

        IncidentCommand.RecordReportSubmission toCommand() {
            return new IncidentCommand.RecordReportSubmission(regime, stage, digest, submittedAt, authority,
                    authorityReference);
        }
    }

    public record ResponseEvaluationRequest(
            @Size(max = TEXT) String detection,
            @Size(max = TEXT) String containment,
            @Size(max = TEXT) String communication) {
    }

    public record ReviewRequest(
            @NotBlank @Size(max = TEXT) String summary,
            @Size(max = TEXT) String impact,
            @Size(max = 50_000) String timelineNarrative,
            @Size(max = TEXT) String rootCauseAnalysis,
            @Size(max = 20) List<@NotBlank @Size(max = TEXT) String> fiveWhys,
            @Valid ResponseEvaluationRequest responseEvaluation,
            @Size(max = 50) List<@NotBlank @Size(max = TEXT) String> lessons) {

        IncidentCommand.DraftReview toCommand() {
            return new IncidentCommand.DraftReview(new PostIncidentReview(summary, impact, timelineNarrative,
                    rootCauseAnalysis, fiveWhys == null ? List.of() : fiveWhys,
                    responseEvaluation == null ? null : new PostIncidentReview.ResponseEvaluation(
                            responseEvaluation.detection(), responseEvaluation.containment(),
                            responseEvaluation.communication()),
                    lessons == null ? List.of() : lessons));
        }
    }

    public record ActionItemRequest(
            @NotBlank @Size(max = LINE) String title,
            @NotBlank @Size(max = 200) String owner,
            @NotNull LocalDate dueDate,
            @NotNull ActionItemKind kind) {

        IncidentCommand.AddActionItem toCommand() {
            return new IncidentCommand.AddActionItem(title, owner, dueDate, kind);
        }
    }
}
