package dev.aiim.reporting.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemAdded;
import dev.aiim.contracts.incident.ActionItemCompleted;
import dev.aiim.contracts.incident.IncidentClosed;
import dev.aiim.contracts.incident.IncidentContained;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentReopened;
import dev.aiim.contracts.incident.IncidentResolved;
import dev.aiim.contracts.incident.IncidentTriaged;
import dev.aiim.contracts.incident.ReviewPublished;
import dev.aiim.contracts.incident.SeverityClassified;
import dev.aiim.contracts.incident.StatusUpdatePosted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds an incident's integration events, in version order, into an {@link IncidentRecord}. Only a
 * contiguous run from version 1 is folded: {@link #contiguous(List)} says how far that goes, so a gap
 * (an event not yet received) leaves the record at the last version before it, marked stale by the caller.
 */
public final class IncidentHistory {

    private IncidentHistory() {
    }

    /** How many events, from version 1 on, arrived without a gap (the list is in version order). */
    public static int contiguous(List<? extends IncidentEvent> events) {
        int n = 0;
        for (IncidentEvent event : events) {
            if (event.header().version() != n + 1) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The record after the contiguous prefix of {@code events}; empty before version 1 arrived. */
    public static Optional<IncidentRecord> fold(List<? extends IncidentEvent> events) {
        int n = contiguous(events);
        if (n == 0) {
            return Optional.empty();
        }
        State s = new State();
        for (IncidentEvent event : events.subList(0, n)) {
            s.apply(event);
        }
        return Optional.of(s.record());
    }

    /**
     * The record after one more event: {@code event} must be the version right after {@code previous}
     * (folding only the newest event keeps a long-lived incident linear, not quadratic, to keep current).
     */
    public static IncidentRecord next(IncidentRecord previous, IncidentEvent event) {
        if (event.header().version() != previous.version() + 1) {
            throw new IllegalArgumentException("version " + event.header().version() + " does not follow "
                    + previous.version());
        }
        State s = new State(previous);
        s.apply(event);
        return s.record();
    }

    private static final class State {
        String incidentId;
        String title;
        IncidentCategory category;
        String systemId;
        boolean simulation;
        DetectionSource source;
        Severity peak;
        Severity current;
        IncidentStatus status;
        Instant occurredAt;
        Instant detectedAt;
        Instant triagedAt;
        Instant containedAt;
        Instant resolvedAt;
        Instant closedAt;
        int reopened;
        int statusUpdates;
        Instant reviewPublishedAt;
        final Map<String, IncidentRecord.ActionItem> items = new LinkedHashMap<>();
        long version;
        String headHash;

        State() {
        }

        State(IncidentRecord r) {
            incidentId = r.incidentId();
            title = r.title();
            category = r.category();
            systemId = r.systemId();
            simulation = r.simulation();
            source = r.source();
            peak = r.severity();
            current = r.currentSeverity();
            status = r.status();
            occurredAt = r.occurredAt();
            detectedAt = r.detectedAt();
            triagedAt = r.triagedAt();
            containedAt = r.containedAt();
            resolvedAt = r.resolvedAt();
            closedAt = r.closedAt();
            reopened = r.reopened();
            statusUpdates = r.statusUpdates();
            reviewPublishedAt = r.reviewPublishedAt();
            r.actionItems().forEach(i -> items.put(i.itemId(), i));
            version = r.version();
            headHash = r.headHash();
        }

        void apply(IncidentEvent event) {
            var h = event.header();
            incidentId = h.incidentId();
            category = h.category();
            systemId = h.systemId();
            simulation = h.simulation();
            status = h.status();
            version = h.version();
            headHash = h.hash();
            if (h.severity() != null) {
                severity(h.severity());
            }
            if (event instanceof IncidentOpened e) {
                title = e.title();
                source = e.source();
                occurredAt = e.occurredAt();
                detectedAt = e.detectedAt();
            } else if (event instanceof IncidentTriaged e) {
                triagedAt = triagedAt == null ? e.triagedAt() : triagedAt;
                severity(e.severity());
            } else if (event instanceof SeverityClassified e) {
                severity(e.severity());
            } else if (event instanceof IncidentContained e) {
                containedAt = containedAt == null ? e.containedAt() : containedAt;
            } else if (event instanceof IncidentResolved e) {
                resolvedAt = e.resolvedAt();
            } else if (event instanceof IncidentClosed e) {
                closedAt = e.closedAt();
            } else if (event instanceof IncidentReopened) {
                reopened++;
                resolvedAt = null;
                closedAt = null;
            } else if (event instanceof StatusUpdatePosted) {
                statusUpdates++;
            } else if (event instanceof ReviewPublished e) {
                reviewPublishedAt = e.publishedAt();
            } else if (event instanceof ActionItemAdded e) {
                items.put(e.itemId(), new IncidentRecord.ActionItem(e.itemId(), e.title(), e.owner(), e.dueDate(), null));
            } else if (event instanceof ActionItemCompleted e) {
                IncidentRecord.ActionItem item = items.get(e.itemId());
                if (item != null) {
                    items.put(e.itemId(), new IncidentRecord.ActionItem(item.itemId(), item.title(), item.owner(),
                            item.dueDate(), e.completedAt()));
                }
            }
        }

        void severity(Severity severity) {
            current = severity;
            if (peak == null || severity.ordinal() < peak.ordinal()) {
                peak = severity;
            }
        }

        IncidentRecord record() {
            return new IncidentRecord(incidentId, title, category, systemId, simulation, source, peak, current, status,
                    occurredAt, detectedAt, triagedAt, containedAt, resolvedAt, closedAt, reopened, statusUpdates,
                    reviewPublishedAt, new ArrayList<>(items.values()), version, headHash);
        }
    }
}
