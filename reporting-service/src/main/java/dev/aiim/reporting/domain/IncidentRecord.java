package dev.aiim.reporting.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One incident as the metrics see it, folded from its events ({@link IncidentHistory}): the playbook's
 * timestamps, the peak severity, where it was detected, how its review and action items stand.
 *
 * @param severity     the most severe classification the incident ever had (a SEV1 later downgraded still
 *                     counts against the SEV1 targets)
 * @param resolvedAt   the last resolution (a reopened incident is resolved when it is resolved again)
 * @param version      the last version folded (contiguous from 1)
 */
public record IncidentRecord(String incidentId, String title, IncidentCategory category, String systemId,
                             boolean simulation, DetectionSource source, Severity severity, Severity currentSeverity,
                             IncidentStatus status, Instant occurredAt, Instant detectedAt, Instant triagedAt,
                             Instant containedAt, Instant resolvedAt, Instant closedAt, int reopened,
                             int statusUpdates, Instant reviewPublishedAt, List<ActionItem> actionItems, long version,
                             String headHash) {

    /** A post-incident action item and whether it was done in time. */
    public record ActionItem(String itemId, String title, String owner, LocalDate dueDate, Instant completedAt) {

        public boolean completedInTime() {
            return completedAt != null && !completedAt.atZone(java.time.ZoneOffset.UTC).toLocalDate().isAfter(dueDate);
        }

        public boolean overdue(LocalDate today) {
            return completedAt == null && today.isAfter(dueDate);
        }
    }

    public IncidentRecord {
        actionItems = List.copyOf(actionItems);
    }

    public boolean dismissed() {
        return status == IncidentStatus.DISMISSED;
    }

    public boolean open() {
        return status != IncidentStatus.DISMISSED && status != IncidentStatus.RESOLVED && status != IncidentStatus.CLOSED;
    }

    /** occurred -> detected; null when the occurrence time is unknown. */
    public Duration timeToDetect() {
        return between(occurredAt, detectedAt);
    }

    public Duration timeToTriage() {
        return between(detectedAt, triagedAt);
    }

    /** detected -> contained. */
    public Duration timeToContain() {
        return between(detectedAt, containedAt);
    }

    /** detected -> resolved (the last resolution). */
    public Duration timeToResolve() {
        return between(detectedAt, resolvedAt);
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to);
    }
}
