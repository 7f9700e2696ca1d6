package dev.aiim.contracts.incident;

import java.time.Instant;

/** One notification clock: regime (e.g. {@code gdpr-art33}), what is due, from when and by when. */
public record RegulatoryDeadline(String regime, String obligation, Instant clockStartedAt, Instant dueAt) {
}
