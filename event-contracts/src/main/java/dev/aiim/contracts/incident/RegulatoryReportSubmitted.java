package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A stage of a regulator report was submitted to an authority (EU AI Act Art. 73 INITIAL or COMPLETE; GDPR Art. 33;
 * HIPAA; NIS2 EARLY_WARNING, NOTIFICATION or FINAL): who recorded it (the header's actor), when it was submitted, and
 * the SHA-256 digest of the file as submitted ({@code sha-256:<hex>}), so the record names exactly what was sent.
 * {@code clocksMet}: the notification clocks this submission satisfies (their reminders stop); {@code nextDeadline}:
 * a clock the submission starts (NIS2's final report is due one month after the incident notification).
 */
public record RegulatoryReportSubmitted(
        IncidentEventHeader header,
        String submissionId,
        String regime,
        String stage,
        String reportId,
        String digest,
        Instant submittedAt,
        @Nullable String authority,
        @Nullable String authorityReference,
        List<String> clocksMet,
        @Nullable RegulatoryDeadline nextDeadline) implements IncidentEvent {

    public RegulatoryReportSubmitted {
        clocksMet = clocksMet == null ? List.of() : List.copyOf(clocksMet);
    }
}
