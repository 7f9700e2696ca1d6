package dev.aiim.detection.domain;

import dev.aiim.contracts.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * A registered alert sender. Its credentials are never part of it: the token is only hashed, the secret sealed.
 *
 * @param heartbeatInterval how often it promises to send something (a watchdog alert); silent for longer, it
 *                          raises an AVAILABILITY detection. Null: no promise.
 */
public record Integration(String id, String name, IntegrationType type, String systemId, String tokenHint,
                          IntegrationStatus status, Instant createdAt, String createdBy, Instant rotatedAt,
                          Instant revokedAt, NormalizationRules rules, @Nullable Duration heartbeatInterval) {

    /** The shortest and longest heartbeat an integration may declare. */
    public static final Duration MIN_HEARTBEAT = Duration.ofMinutes(1);
    public static final Duration MAX_HEARTBEAT = Duration.ofDays(7);

    public enum IntegrationStatus {
        ACTIVE, REVOKED
    }

    public boolean active() {
        return status == IntegrationStatus.ACTIVE;
    }
}
