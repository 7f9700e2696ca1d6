package dev.aiim.reporting.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.incident.ActionItemAdded;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.ContainmentActionRecorded;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.EvidencePreserved;
import dev.aiim.contracts.incident.FindingRecorded;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.Nis2Significance;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.RegulatoryReportSubmitted;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.ResolutionStepRecorded;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.contracts.incident.RootCauseCategory;
import dev.aiim.contracts.incident.RootCauseIdentified;
import dev.aiim.contracts.incident.ActionItemCompleted;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.IncidentClosed;
import dev.aiim.contracts.incident.IncidentContained;
import dev.aiim.contracts.incident.IncidentDismissed;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentReopened;
import dev.aiim.contracts.incident.IncidentResolved;
import dev.aiim.contracts.incident.IncidentTriaged;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.ReviewPublished;
import dev.aiim.contracts.incident.SeverityClassified;
import dev.aiim.contracts.incident.StatusUpdatePosted;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Builds one incident's integration events by hand, versions and hash links in order. */
public final class HistoryBuilder {

    private final String incidentId;
    private final String systemId;
    private final boolean simulation;
    private final List<IncidentEvent> events = new ArrayList<>();
    private IncidentStatus status = IncidentStatus.DETECTED;
    private Severity severity;
    /** What the registry said of the system when the incident opened (null: not kept, as before the platform did). */
    private RegistryFacts registryAtOpen;

    public HistoryBuilder(String incidentId, String systemId, boolean simulation) {
        this.incidentId = incidentId;
        this.systemId = systemId;
        this.simulation = simulation;
    }

    public static Instant t(String time) {
        return Instant.parse(time);
    }

    /** The registry's facts the incident keeps from its opening (call before {@link #opened}). */
    public HistoryBuilder registeredAs(RegistryFacts facts) {
        this.registryAtOpen = facts;
        return this;
    }

    public HistoryBuilder opened(String occurredAt, String detectedAt, DetectionSource source) {
        return add(new IncidentOpened(header(IncidentStatus.DETECTED, null, detectedAt), "Incident " + incidentId,
                "What went wrong in " + incidentId, source, null, occurredAt == null ? null : t(occurredAt),
                t(detectedAt), systemId + ":X", null, registryAtOpen));
    }

    public HistoryBuilder triaged(String at, Severity severity) {
        return add(new IncidentTriaged(header(IncidentStatus.TRIAGED, severity, at), severity, "confirmed", t(at)));
    }

    public HistoryBuilder dismissed(String at) {
        return add(new IncidentDismissed(header(IncidentStatus.DISMISSED, severity, at), "false alarm", t(at)));
    }

    public HistoryBuilder classified(String at, Severity newSeverity) {
        Severity previous = severity;
        return add(new SeverityClassified(header(status, newSeverity, at), previous, newSeverity, "new facts"));
    }

    public HistoryBuilder contained(String at) {
        return add(new IncidentContained(header(IncidentStatus.CONTAINED, severity, at), "rolled back", t(at)));
    }

    public HistoryBuilder resolved(String at) {
        return add(new IncidentResolved(header(IncidentStatus.RESOLVED, severity, at), "fixed", t(at)));
    }

    public HistoryBuilder reopened(String at) {
        return add(new IncidentReopened(header(IncidentStatus.TRIAGED, severity, at), "came back", t(at)));
    }

    public HistoryBuilder closed(String at) {
        return add(new IncidentClosed(header(IncidentStatus.CLOSED, severity, at), "done", t(at)));
    }

    public HistoryBuilder statusUpdate(String at) {
        return add(new StatusUpdatePosted(header(status, severity, at), Audience.INTERNAL, "known", "doing", null));
    }

    public HistoryBuilder reviewPublished(String at) {
        return add(new ReviewPublished(header(status, severity, at), new PostIncidentReview("summary", "impact", null,
                "root cause", List.of("why 1", "why 2"), null, List.of("lesson")), t(at)));
    }

    public HistoryBuilder actionItem(String itemId, String owner, String due, String at) {
        return add(new ActionItemAdded(header(status, severity, at), itemId, "Do " + itemId, owner, LocalDate.parse(due),
                ActionItemKind.PREVENT));
    }

    public HistoryBuilder completed(String itemId, String at) {
        return add(new ActionItemCompleted(header(status, severity, at), itemId, t(at)));
    }

    public HistoryBuilder role(IncidentRole role, String personId, String name, String at) {
        return add(new RoleAssigned(header(status, severity, at), role, new Person(personId, name, personId + "@bank.example",
                true), null));
    }

    public HistoryBuilder assessed(String at, AiActSeriousIncident aiAct, boolean personalData, boolean phi,
                                   boolean nis2, Long affected) {
        Instant aware = t(at);
        List<RegulatoryDeadline> deadlines = new ArrayList<>();
        if (aiAct != null) {
            deadlines.add(new RegulatoryDeadline("eu-ai-act-art73", "Report the serious incident", aware,
                    aware.plus(Duration.ofDays(15))));
        }
        if (personalData) {
            deadlines.add(new RegulatoryDeadline("gdpr-art33", "Notify the supervisory authority", aware,
                    aware.plus(Duration.ofHours(72))));
        }
        if (phi) {
            deadlines.add(new RegulatoryDeadline("hipaa-164.404", "Notify each affected individual", aware,
                    aware.plus(Duration.ofDays(60))));
        }
        if (nis2) {
            deadlines.add(new RegulatoryDeadline("nis2-art23-early-warning", "Early warning", aware,
                    aware.plus(Duration.ofHours(24))));
            deadlines.add(new RegulatoryDeadline("nis2-art23-notification", "Incident notification", aware,
                    aware.plus(Duration.ofHours(72))));
            deadlines.add(new RegulatoryDeadline("nis2-art23-final-report", "Final report", aware.plus(Duration.ofHours(72)),
                    aware.plus(Duration.ofDays(33))));
        }
        return add(new RegulatoryAssessmentRecorded(header(status, severity, at), aware, personalData, phi, affected,
                aiAct, nis2, deadlines, !nis2 ? null : new Nis2Significance(620_000L, 40_000_000L, false, false, false,
                false, List.of(), null, true, List.of("Art. 3(1)(a): a direct financial loss of EUR 620,000, above"
                + " EUR 500,000")), List.of()));
    }

    /** A stage of a regulator report submitted at {@code at}, meeting {@code clocksMet}, starting {@code next}. */
    public HistoryBuilder submitted(String at, String regime, String stage, String digest, List<String> clocksMet,
                                    RegulatoryDeadline next) {
        return add(new RegulatoryReportSubmitted(header(status, severity, at), "sub-" + events.size(), regime, stage,
                incidentId + "/" + regime + "/" + stage.toLowerCase(java.util.Locale.ROOT), digest, t(at),
                "Bundesnetzagentur", "BNetzA-" + events.size(), clocksMet, next));
    }

    public HistoryBuilder containmentAction(String at, String targetModelVersion) {
        return add(new ContainmentActionRecorded(header(status, severity, at), "act-" + events.size(),
                ContainmentType.ROLLBACK, "Rolled back to " + targetModelVersion, targetModelVersion, "all traffic", true,
                t(at), registryAtOpen, new EvidencePreserved(registryAtOpen == null ? null
                : registryAtOpen.modelVersion(),
                List.of(new EvidencePreserved.TelemetryWindow("det-" + incidentId, systemId,
                        t(at).minus(Duration.ofMinutes(40)), t(at).minus(Duration.ofMinutes(30)), 1L)),
                List.of("https://models.example/snapshots/" + systemId))));
    }

    public HistoryBuilder finding(String at, String population) {
        return add(new FindingRecorded(header(status, severity, at), "f-" + events.size(),
                "Applicants over 60 were denied at 3x the rate", population, "monitor fairness, p < 0.001"));
    }

    public HistoryBuilder rootCause(String at) {
        return add(new RootCauseIdentified(header(status, severity, at), RootCauseCategory.DATA_PIPELINE_CHANGE,
                "An upstream change dropped the income field for older applicants", List.of("no schema check")));
    }

    public HistoryBuilder resolutionStep(String at, ResolutionStepKind kind) {
        return add(new ResolutionStepRecorded(header(status, severity, at), kind, "Step " + kind, 1200));
    }

    public List<IncidentEvent> events() {
        return List.copyOf(events);
    }

    public IncidentRecord record() {
        return IncidentHistory.fold(events).orElseThrow();
    }

    private HistoryBuilder add(IncidentEvent event) {
        events.add(event);
        status = event.header().status();
        severity = event.header().severity();
        return this;
    }

    private IncidentEventHeader header(IncidentStatus newStatus, Severity newSeverity, String at) {
        long version = events.size() + 1;
        String prev = events.isEmpty() ? null : events.get(events.size() - 1).header().hash();
        return new IncidentEventHeader(incidentId, version, incidentId + "-e" + version, t(at),
                new Actor("commander", "Casey", List.of("commander")), prev, String.format("%064x", version * 7919 + incidentId.hashCode() & 0xffffffffL),
                newStatus, newSeverity, IncidentCategory.BIAS_FAIRNESS, systemId, simulation);
    }
}
