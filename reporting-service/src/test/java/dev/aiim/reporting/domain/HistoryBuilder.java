package dev.aiim.reporting.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemAdded;
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

    public HistoryBuilder(String incidentId, String systemId, boolean simulation) {
        this.incidentId = incidentId;
        this.systemId = systemId;
        this.simulation = simulation;
    }

    public static Instant t(String time) {
        return Instant.parse(time);
    }

    public HistoryBuilder opened(String occurredAt, String detectedAt, DetectionSource source) {
        return add(new IncidentOpened(header(IncidentStatus.DETECTED, null, detectedAt), "Incident " + incidentId,
                "What went wrong in " + incidentId, source, null, occurredAt == null ? null : t(occurredAt),
                t(detectedAt), systemId + ":X", null));
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
