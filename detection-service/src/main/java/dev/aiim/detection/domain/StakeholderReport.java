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

    /**
     * The status in a reporter's words. Anyone holding the receipt may read it, so it says what is being done
     * about the report and never names the platform's internal ids.
     */
    public String statusText() {
        if (incidentId == null) {
            return publishedAt == null ? "received" : "forwarded to the incident response team";
        }
        return switch (incidentStatus == null ? "DETECTED" : incidentStatus) {
            case "TRIAGED" -> "confirmed as an incident; the response team is working on it";
            case "DISMISSED" -> "looked into by the response team, who found no incident to respond to";
            case "CONTAINED" -> "confirmed as an incident; the harm has been stopped and the cause is being fixed";
            case "RESOLVED" -> "confirmed as an incident and fixed";
            case "CLOSED" -> "confirmed as an incident, fixed and reviewed";
            default -> "being looked into by the incident response team";
        };
    }
}
