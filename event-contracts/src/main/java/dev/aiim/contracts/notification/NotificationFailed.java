package dev.aiim.contracts.notification;

import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** A notification could not be delivered after its retries. */
public record NotificationFailed(
        String deliveryId,
        String incidentId,
        ChannelType channel,
        String recipient,
        String reason,
        int attempts,
        Instant failedAt,
        String error,
        @Nullable Long incidentVersion,
        boolean simulation) {
}
