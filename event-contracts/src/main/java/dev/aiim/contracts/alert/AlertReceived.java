package dev.aiim.contracts.alert;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.time.Instant;
import java.util.Map;

/**
 * One alert as an intake endpoint accepted it, before deduplication: the durable record of what a monitoring
 * system (or a generic signal's sender) said. detection-service writes it to {@code aiim.alerts.v1}, keyed by
 * {@code integrationId:dedupKey}, and answers the sender once Kafka has it; its own consumer turns it into
 * detections.
 *
 * @param alertId       unique per accepted alert; the message id
 * @param requestId     the intake request it came in (the alerts of one request share it)
 * @param dedupKey      the sender's key for the alert: Alertmanager's fingerprint, PagerDuty's {@code dedup_key}, a
 *                      signal's {@code dedupKey}
 * @param firingStart   when the alert's firing episode began, where the sender's start marks one (Alertmanager and
 *                      Grafana {@code startsAt}, a signal's {@code occurredAt}): with the dedup key it identifies the
 *                      detection, so the same episode sent again can never raise twice
 * @param receivedAt    when the intake accepted it: the detection's time
 * @param signatureHash for a signed request, the hash of its signature (a request seen before is a replay)
 * @param signal        a generic signal's own fields (null for monitoring systems' alerts)
 */
public record AlertReceived(
        String alertId,
        String requestId,
        String integrationId,
        String dedupKey,
        boolean firing,
        String summary,
        Map<String, String> labels,
        @Nullable Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable Instant firingStart,
        Map<String, Object> evidence,
        @Nullable String senderGroup,
        Instant receivedAt,
        @Nullable String signatureHash,
        @Nullable Signal signal) {

    /** What a generic signal names itself, instead of normalisation rules. */
    public record Signal(String systemId, IncidentCategory category, @Nullable Severity severityHint,
                         @Nullable Instant occurredAt) {
    }
}
