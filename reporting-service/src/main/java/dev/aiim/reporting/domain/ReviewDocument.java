package dev.aiim.reporting.domain;

import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemAdded;
import dev.aiim.contracts.incident.ActionItemCompleted;
import dev.aiim.contracts.incident.ContainmentActionRecorded;
import dev.aiim.contracts.incident.FindingRecorded;
import dev.aiim.contracts.incident.IncidentClosed;
import dev.aiim.contracts.incident.IncidentContained;
import dev.aiim.contracts.incident.IncidentDismissed;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentReopened;
import dev.aiim.contracts.incident.IncidentResolved;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.IncidentTriaged;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.RegulatoryReportSubmitted;
import dev.aiim.contracts.incident.ResolutionStepRecorded;
import dev.aiim.contracts.incident.ReviewDrafted;
import dev.aiim.contracts.incident.ReviewPublished;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.contracts.incident.RootCauseIdentified;
import dev.aiim.contracts.incident.SeverityClassified;
import dev.aiim.contracts.incident.SignalAttached;
import dev.aiim.contracts.incident.SignalsCounted;
import dev.aiim.contracts.incident.StatusUpdatePosted;
import dev.aiim.contracts.incident.TimelineEntryAdded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The post-incident review document (playbook phase 6): summary, the timeline reconstructed from the
 * events, root cause and five whys, the response evaluated phase by phase against the playbook's targets,
 * impact and remediation, action items with owners and deadlines, lessons. As ordered sections that the
 * HTML, Markdown and PDF renderings share.
 */
public final class ReviewDocument {

    /** One phase of the response, its duration and the playbook's target (null when it sets none). */
    public record Phase(String phase, Long minutes, Long targetMinutes, String verdict) {
    }

    /** A line of the reconstructed timeline. */
    public record TimelineLine(String at, String actor, String what) {
    }

    private ReviewDocument() {
    }

    public static Map<String, Object> build(IncidentDossier d) {
        IncidentRecord r = d.record();
        PostIncidentReview review = d.review();
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("incident", r.incidentId());
        summary.put("title", r.title());
        summary.put("severity", r.severity() == null ? null : r.severity().name()
                + (r.currentSeverity() != r.severity() ? " (now " + r.currentSeverity() + ")" : ""));
        summary.put("category", r.category().name());
        summary.put("system", r.systemId());
        summary.put("status", r.status().name());
        Person commander = d.roles().get(IncidentRole.INCIDENT_COMMANDER);
        summary.put("incidentCommander", commander == null ? null : commander.name());
        summary.put("detectedAt", RegulatorExports.text(r.detectedAt()));
        summary.put("containedAt", RegulatorExports.text(r.containedAt()));
        summary.put("resolvedAt", RegulatorExports.text(r.resolvedAt()));
        summary.put("review", review == null ? "not drafted yet" : d.reviewPublished() ? "published" : "draft");
        summary.put("summary", review == null ? d.description() : review.summary());
        doc.put("summary", summary);
        doc.put("timeline", timeline(d).stream().map(l -> fields("at", l.at(), "actor", l.actor(), "what", l.what()))
                .toList());
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("category", d.rootCause() == null ? null : d.rootCause().category().name());
        cause.put("rootCause", d.rootCause() == null ? "not identified" : d.rootCause().description());
        cause.put("contributingFactors", d.rootCause() == null ? List.of() : d.rootCause().contributingFactors());
        cause.put("analysis", review == null ? null : review.rootCauseAnalysis());
        cause.put("fiveWhys", review == null ? List.of() : review.fiveWhys());
        doc.put("rootCause", cause);
        doc.put("responseEvaluation", evaluation(d).stream().map(p -> fields("phase", p.phase(), "minutes", p.minutes(),
                "targetMinutes", p.targetMinutes(), "verdict", p.verdict())).toList());
        Map<String, Object> impact = new LinkedHashMap<>();
        impact.put("impact", review == null ? null : review.impact());
        impact.put("findings", d.findings().stream().map(f -> f.description()
                + (f.affectedPopulation() == null ? "" : " (affected: " + f.affectedPopulation() + ")")).toList());
        impact.put("containment", d.containment().stream().map(c -> c.type() + ": " + c.description()
                + (c.effective() ? " (effective)" : " (not effective)")).toList());
        impact.put("remediation", d.resolutionSteps().stream().map(s -> s.step() + ": " + s.description()
                + (s.affectedDecisionsCorrected() == null ? "" : " (" + s.affectedDecisionsCorrected()
                + " decisions corrected)")).toList());
        doc.put("impactAndRemediation", impact);
        doc.put("actionItems", r.actionItems().stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("title", i.title());
            item.put("owner", i.owner());
            item.put("dueDate", i.dueDate().toString());
            item.put("status", i.completedAt() == null ? "open" : i.completedInTime() ? "done in time" : "done late");
            return item;
        }).toList());
        doc.put("lessons", review == null ? List.of() : review.lessons());
        doc.put("reportsToAuthorities", d.submissions().stream().map(x -> {
            Map<String, Object> sent = new LinkedHashMap<>();
            sent.put("regime", x.regime());
            sent.put("stage", x.stage());
            sent.put("submittedAt", x.submittedAt().toString());
            sent.put("authority", x.authority());
            sent.put("digest", x.digest());
            return sent;
        }).toList());
        Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("events", d.eventCount());
        chain.put("headHash", d.headHash());
        doc.put("eventChain", chain);
        return doc;
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Each phase against the playbook: detection and containment by severity, triage within 30 minutes. */
    static List<Phase> evaluation(IncidentDossier d) {
        IncidentRecord r = d.record();
        Severity s = r.severity();
        List<Phase> phases = new ArrayList<>();
        phases.add(phase("detection (occurred to detected)", r.timeToDetect(), bySeverity(s, 30, 240)));
        phases.add(phase("triage (detected to triaged)", r.timeToTriage(), 30L));
        phases.add(phase("containment (detected to contained)", r.timeToContain(), bySeverity(s, 60, 240)));
        phases.add(phase("resolution (detected to resolved)", r.timeToResolve(), null));
        return phases;
    }

    /** The SEV1 or SEV2 target in minutes; none for the other severities. */
    private static Long bySeverity(Severity severity, long sev1, long sev2) {
        return severity == Severity.SEV1 ? Long.valueOf(sev1) : severity == Severity.SEV2 ? Long.valueOf(sev2) : null;
    }

    private static Phase phase(String name, Duration took, Long target) {
        Long minutes = took == null ? null : took.toMinutes();
        String verdict = minutes == null ? "not measured" : target == null ? "no playbook target"
                : minutes < target ? "met" : "missed";
        return new Phase(name, minutes, target, verdict);
    }

    static List<TimelineLine> timeline(IncidentDossier d) {
        List<TimelineLine> lines = new ArrayList<>();
        for (IncidentEvent e : d.events()) {
            String what = describe(e);
            if (what != null) {
                String at = e instanceof TimelineEntryAdded t ? t.at().toString() : e.header().recordedAt().toString();
                lines.add(new TimelineLine(at, e.header().actor().name() == null ? e.header().actor().id()
                        : e.header().actor().name(), what));
            }
        }
        IncidentRecord r = d.record();
        if (r.occurredAt() != null) {
            lines.add(new TimelineLine(r.occurredAt().toString(), "-", "Harm began (estimated occurrence)"));
        }
        lines.sort(Comparator.comparing(TimelineLine::at));
        return lines;
    }

    static String describe(IncidentEvent e) {
        if (e instanceof IncidentOpened o) {
            return "Incident opened from " + o.source() + ": " + o.title();
        } else if (e instanceof SignalAttached s) {
            return "Further signal (" + s.source() + "): " + s.summary();
        } else if (e instanceof SignalsCounted c) {
            return c.count() + " further signal(s) counted " + c.sources() + " until " + c.lastDetectedAt()
                    + ", the latest: " + c.lastSummary();
        } else if (e instanceof IncidentTriaged t) {
            return "Triaged as " + t.severity() + ": " + t.rationale();
        } else if (e instanceof IncidentDismissed x) {
            return "Dismissed as a false alarm: " + x.rationale();
        } else if (e instanceof SeverityClassified c) {
            return "Severity " + (c.previousSeverity() == null ? "set to " : c.previousSeverity() + " -> ") + c.severity()
                    + ": " + c.reason();
        } else if (e instanceof RoleAssigned a) {
            return a.person().name() + " took the role " + a.role();
        } else if (e instanceof ContainmentActionRecorded c) {
            return "Containment " + c.type() + ": " + c.description() + (c.effective() ? " (effective)" : "");
        } else if (e instanceof IncidentContained c) {
            return "Contained: " + c.summary();
        } else if (e instanceof FindingRecorded f) {
            return "Finding: " + f.description();
        } else if (e instanceof RootCauseIdentified rc) {
            return "Root cause (" + rc.category() + "): " + rc.description();
        } else if (e instanceof ResolutionStepRecorded s) {
            return "Resolution step " + s.step() + ": " + s.description();
        } else if (e instanceof IncidentResolved r) {
            return "Resolved: " + r.summary();
        } else if (e instanceof IncidentReopened r) {
            return "Reopened: " + r.reason();
        } else if (e instanceof IncidentClosed c) {
            return "Closed: " + c.summary();
        } else if (e instanceof StatusUpdatePosted u) {
            return "Status update to " + u.audience() + ": " + u.whatIsKnown();
        } else if (e instanceof TimelineEntryAdded t) {
            return t.text();
        } else if (e instanceof RegulatoryAssessmentRecorded a) {
            return "Regulatory assessment: " + (a.deadlines().isEmpty() ? "no notification due"
                    : a.deadlines().size() + " notification clock(s) started");
        } else if (e instanceof RegulatoryReportSubmitted x) {
            return x.regime() + " " + x.stage() + " report submitted" + (x.authority() == null ? ""
                    : " to " + x.authority()) + " (" + x.digest() + ")";
        } else if (e instanceof ReviewDrafted) {
            return "Review drafted";
        } else if (e instanceof ReviewPublished) {
            return "Review published";
        } else if (e instanceof ActionItemAdded a) {
            return "Action item for " + a.owner() + ": " + a.title() + " (due " + a.dueDate() + ")";
        } else if (e instanceof ActionItemCompleted c) {
            return "Action item " + c.itemId() + " completed";
        }
        return null;
    }
}
