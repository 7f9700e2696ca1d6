package dev.aiim.platform.time;

import java.time.Instant;

/** What {@code GET /api/v1/admin/clock} shows. */
public record ClockState(Instant now, long offsetSeconds, boolean adjustable, long version, String changedBy,
                         Instant changedAt, String reason) {
}
