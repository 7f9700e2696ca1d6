package dev.aiim.detection.domain;

import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** A stakeholder's report, its receipt, and whether it has gone on to the incident service. */
public record StakeholderReport(String receiptId, @Nullable String systemId, ReportConcern concern, String description,
                                @Nullable Instant noticedAt, @Nullable String affected, @Nullable String contact,
                                Channel channel, @Nullable String submittedBy, Instant submittedAt, String detectionId,
                                @Nullable Instant publishedAt) {

    public enum Channel {
        FORM, API
    }

    /** RECEIVED until the detection it raised is on Kafka, then FORWARDED. */
    public String status() {
        return publishedAt == null ? "RECEIVED" : "FORWARDED";
    }
}
