package dev.aiim.incident.rest;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.RootCauseCategory;
import dev.aiim.incident.domain.FallbackKind;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.TriageDecision;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request bodies of the incident API (API.md), each turned into one domain command. */
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
                    null, null);
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
            @NotNull Boolean effective) {

        IncidentCommand.RecordContainmentAction toCommand() {
            return new IncidentCommand.RecordContainmentAction(type, description, targetModelVersion, fallback, scope,
                    effective);
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
}
