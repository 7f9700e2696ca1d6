package dev.aiim.contracts.notification;

import dev.aiim.contracts.Severity;

import java.time.Instant;

/** An open incident's next status update is past due for its severity's cadence. */
public record UpdateOverdue(
        String incidentId,
        Severity severity,
        Instant dueAt,
        Instant detectedOverdueAt,
        int missedUpdates,
        boolean simulation) {
}
