package dev.aiim.incident.domain;

import dev.aiim.incident.domain.IncidentEvent.ContainmentActionRecorded;
import dev.aiim.incident.domain.IncidentEvent.FindingRecorded;
import dev.aiim.incident.domain.IncidentEvent.IncidentClosed;
import dev.aiim.incident.domain.IncidentEvent.IncidentContained;
import dev.aiim.incident.domain.IncidentEvent.IncidentDismissed;
import dev.aiim.incident.domain.IncidentEvent.IncidentOpened;
import dev.aiim.incident.domain.IncidentEvent.IncidentReopened;
import dev.aiim.incident.domain.IncidentEvent.IncidentResolved;
import dev.aiim.incident.domain.IncidentEvent.IncidentTriaged;
import dev.aiim.incident.domain.IncidentEvent.ResolutionStepRecorded;
import dev.aiim.incident.domain.IncidentEvent.RoleAssigned;
import dev.aiim.incident.domain.IncidentEvent.RootCauseIdentified;
import dev.aiim.incident.domain.IncidentEvent.SeverityClassified;
import dev.aiim.incident.domain.IncidentEvent.TimelineEntryAdded;

import java.time.Instant;

/** The incident's timeline in words: one line per event, at the time it describes. */
public final class TimelineNarration {

    private TimelineNarration() {
    }

    /** When the event says it happened: a scribe's entry describes its own time, everything else its recording. */
    public static Instant at(IncidentEvent event, Instant recordedAt) {
        if (event instanceof TimelineEntryAdded e) {
            return e.at();
        }
        if (event instanceof IncidentOpened e) {
            return e.detectedAt();
        }
        if (event instanceof IncidentEvent.SignalAttached e) {
            return e.detectedAt();
        }
        if (event instanceof IncidentEvent.SignalsCounted e) {
            return e.lastDetectedAt();
        }
        return recordedAt;
    }

    public static String describe(IncidentEvent event) {
        if (event instanceof IncidentOpened e) {
            return "Detected (" + e.source() + "): " + e.title()
                    + (e.suggestedSeverity() == null ? "" : ", suggested " + e.suggestedSeverity());
        }
        if (event instanceof IncidentTriaged e) {
            return "Triage confirmed the incident as " + e.severity() + ": " + e.rationale();
        }
        if (event instanceof IncidentDismissed e) {
            return "Triage dismissed the incident as a false alarm: " + e.rationale();
        }
        if (event instanceof SeverityClassified e) {
            return "Severity " + (e.previousSeverity() == null ? "set to " : "changed from " + e.previousSeverity() + " to ")
                    + e.severity() + ": " + e.reason();
        }
        if (event instanceof RoleAssigned e) {
            return e.person().name() + " became " + e.role()
                    + (e.previousHolder() == null ? "" : ", taking over from " + e.previousHolder().name());
        }
        if (event instanceof ContainmentActionRecorded e) {
            return "Containment " + e.type() + ": " + e.description()
                    + (e.effective() ? " (stopped the harm)" : " (did not stop the harm)");
        }
        if (event instanceof IncidentContained e) {
            return "Contained: " + e.summary();
        }
        if (event instanceof FindingRecorded e) {
            return "Finding: " + e.description();
        }
        if (event instanceof RootCauseIdentified e) {
            return "Root cause " + e.category() + ": " + e.description();
        }
        if (event instanceof ResolutionStepRecorded e) {
            return e.step() + ": " + e.description() + (e.affectedDecisionsCorrected() == null ? ""
                    : " (" + e.affectedDecisionsCorrected() + " affected decisions corrected)");
        }
        if (event instanceof IncidentResolved e) {
            return "Resolved: " + e.summary();
        }
        if (event instanceof TimelineEntryAdded e) {
            return e.text();
        }
        if (event instanceof IncidentEvent.SignalAttached e) {
            return "Another signal (" + e.source() + "): " + e.summary();
        }
        if (event instanceof IncidentEvent.SignalsCounted e) {
            return e.count() + (e.count() == 1 ? " further signal" : " further signals") + " counted " + e.sources()
                    + " between " + e.firstDetectedAt() + " and " + e.lastDetectedAt() + ", the latest: "
                    + e.lastSummary();
        }
        if (event instanceof IncidentEvent.StatusUpdatePosted e) {
            return "Status update to " + e.audience() + ": " + e.whatIsKnown() + " / " + e.whatIsBeingDone();
        }
        if (event instanceof IncidentEvent.RegulatoryReportSubmitted e) {
            return e.regime() + " " + e.stage().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + " report submitted" + (e.authority() == null ? "" : " to " + e.authority()) + " (" + e.digest()
                    + ")";
        }
        if (event instanceof IncidentEvent.RegulatoryAssessmentRecorded e) {
            return "Regulatory assessment (aware at " + e.awareAt() + "): " + (e.deadlines().isEmpty()
                    ? "no notification duty" : e.deadlines().size() + " notification deadline(s)");
        }
        if (event instanceof IncidentEvent.ReviewDrafted) {
            return "Post-incident review drafted";
        }
        if (event instanceof IncidentEvent.ReviewPublished) {
            return "Post-incident review published";
        }
        if (event instanceof IncidentEvent.ActionItemAdded e) {
            return "Action item (" + e.kind() + ") for " + e.owner() + " by " + e.dueDate() + ": " + e.title();
        }
        if (event instanceof IncidentEvent.ActionItemCompleted e) {
            return "Action item " + e.itemId() + " completed";
        }
        if (event instanceof IncidentClosed e) {
            return "Closed: " + e.summary();
        }
        if (event instanceof IncidentReopened e) {
            return "Reopened from " + e.reopenedFrom() + ": " + e.reason();
        }
        return event.getClass().getSimpleName();
    }
}
