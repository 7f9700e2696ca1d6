package dev.aiim.contracts.notification;

import java.time.Instant;

/** The paged person acknowledged; escalation stops at {@code escalationLevel}. */
public record PageAcknowledged(
        String pageId,
        String incidentId,
        String personId,
        int escalationLevel,
        Instant pagedAt,
        Instant acknowledgedAt,
        boolean simulation) {
}
