package dev.aiim.detection.domain;

import java.time.Instant;

/** A registered alert sender. Its credentials are never part of it: the token is only hashed, the secret sealed. */
public record Integration(String id, String name, IntegrationType type, String systemId, String tokenHint,
                          IntegrationStatus status, Instant createdAt, String createdBy, Instant rotatedAt,
                          Instant revokedAt, NormalizationRules rules) {

    public enum IntegrationStatus {
        ACTIVE, REVOKED
    }

    public boolean active() {
        return status == IntegrationStatus.ACTIVE;
    }
}
