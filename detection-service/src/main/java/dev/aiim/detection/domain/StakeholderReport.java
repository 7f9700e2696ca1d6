package dev.aiim.detection.domain;

import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** A stakeholder's report, its receipt, and whether it has gone on to the incident service. */
public record StakeholderReport(String receiptId, @Nullable String systemId, ReportConcern concern, String description,
                                @Nullable Instant noticedAt, @Nullable String affected, @Nullable String contact,
                                Channel channel, @Nullable String submittedBy, Instant submittedAt, String detectionId,
                                @Nullable Instant publishedAt, @Nullable String incidentId,
                                @Nullable String incidentStatus) {

    public enum Channel {
        FORM, API
    }

    /**
     * RECEIVED until the detection it raised is on Kafka, then FORWARDED, then LINKED once the incident
     * service has opened an incident for it or attached it to an open one.
     */
    public String status() {
        if (incidentId != null) {
            return "LINKED";
        }
        return publishedAt == null ? "RECEIVED" : "FORWARDED";
    }

    /** The status in a reporter's words. */
    public String statusText() {
        return switch (status()) {
            case "LINKED" -> "linked to incident " + incidentId + " (" + incidentStatus.toLowerCase(java.util.Locale.ROOT)
                    + ")";
            case "FORWARDED" -> "forwarded to the incident response team";
            default -> "received";
        };
    }
}
