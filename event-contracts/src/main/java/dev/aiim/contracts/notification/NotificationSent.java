package dev.aiim.contracts.notification;

import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** A notification reached its channel. {@code reason} says why it was sent (e.g. {@code incident.triaged}, {@code cadence-reminder}). */
public record NotificationSent(
        String deliveryId,
        String incidentId,
        ChannelType channel,
        String recipient,
        String reason,
        int attempts,
        Instant sentAt,
        @Nullable Long incidentVersion,
        boolean simulation) {
}
