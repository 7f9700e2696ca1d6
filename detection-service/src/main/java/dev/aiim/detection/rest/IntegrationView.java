package dev.aiim.detection.rest;

import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.domain.NormalizationRules;

import java.time.Instant;

/**
 * An integration as the API shows it: never its credentials (the token's hint only). {@code rules} is the
 * document the admin sent, with the defaults filled in.
 */
public record IntegrationView(String id, String name, IntegrationType type, String systemId, String tokenHint,
                              Integration.IntegrationStatus status, Instant createdAt, String createdBy,
                              Instant rotatedAt, Instant revokedAt, NormalizationRules rules,
                              String heartbeatInterval) {

    static IntegrationView of(Integration i) {
        return new IntegrationView(i.id(), i.name(), i.type(), i.systemId(), i.tokenHint(), i.status(), i.createdAt(),
                i.createdBy(), i.rotatedAt(), i.revokedAt(), i.rules(),
                i.heartbeatInterval() == null ? null : i.heartbeatInterval().toString());
    }
}
