package dev.aiim.notification.domain;

import dev.aiim.contracts.notification.ChannelType;

import java.time.Instant;

/**
 * One message to one recipient on one channel, and how its sending went. {@code idempotencyKey} is
 * (incident, cause, recipient, channel): the same cause can never send the same recipient two messages.
 * {@code pageId} and {@code contactIndex} are set for pages, whose failure moves on to the person's next
 * contact point.
 */
public record Delivery(String id, String idempotencyKey, String incidentId, Long incidentVersion, String reason,
                       String channelId, ChannelType channelType, String recipient, String address, String pageId,
                       Integer contactIndex, IncidentMessage message, boolean simulation, Status status, int attempts,
                       Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt, Instant failedAt) {

    public enum Status { PENDING, SENT, FAILED }
}
