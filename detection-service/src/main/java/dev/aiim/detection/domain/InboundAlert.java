package dev.aiim.detection.domain;

import dev.aiim.contracts.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * One alert from a monitoring system, in a shape common to Alertmanager, Grafana and PagerDuty senders:
 * {@code dedupKey} (fingerprint or dedup_key) identifies it across firing and resolution; {@code senderGroup}
 * is the sender's own grouping (Alertmanager's {@code groupKey}, PagerDuty's {@code group}), if any;
 * {@code firingStart} marks the firing episode where the sender has such a notion (see {@link AlertDeduplication}).
 */
public record InboundAlert(String dedupKey, boolean firing, String summary, Map<String, String> labels,
                           @Nullable Instant startedAt, @Nullable Instant endedAt, Map<String, Object> evidence,
                           @Nullable String senderGroup, @Nullable Instant firingStart) {
}
