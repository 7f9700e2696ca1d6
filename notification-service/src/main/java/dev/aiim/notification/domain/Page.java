package dev.aiim.notification.domain;

import java.time.Instant;

/**
 * One incident's paging through an escalation policy: OPEN while it escalates, ACKNOWLEDGED once someone
 * took it, EXHAUSTED when every level of every round was paged without an answer, CANCELLED when the
 * incident was dismissed or resolved first. {@code step} is the escalation step paged last.
 */
public record Page(String id, String incidentId, String policyId, int step, Status status, String pagedPerson,
                   boolean simulation, Instant pagedAt, Instant acknowledgedAt, String acknowledgedBy) {

    public enum Status { OPEN, ACKNOWLEDGED, EXHAUSTED, CANCELLED }
}
