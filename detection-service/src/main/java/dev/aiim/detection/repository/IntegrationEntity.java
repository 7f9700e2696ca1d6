package dev.aiim.detection.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/**
 * A monitoring system's integration: its type, the AI system it may speak for, how its alerts are read
 * ({@code rules}, JSON) and its credentials (the token's hash and hint, the signing secret sealed).
 */
@Entity
@Table(name = "integration")
public class IntegrationEntity extends PanacheEntityBase {

    @Id
    @Column(name = "integration_id")
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;

    @Column(name = "system_id")
    public String systemId;

    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "token_hint", nullable = false)
    public String tokenHint;

    @Column(name = "signing_secret", nullable = false)
    public String signingSecret;

    /**
     * As text both ways: the reactive driver would bind a Java string to {@code jsonb} as a JSON string literal.
     */
    @Column(nullable = false)
    @ColumnTransformer(read = "cast(rules as text)", write = "cast(cast(? as text) as jsonb)")
    public String rules;

    @Column(nullable = false)
    public String status;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "rotated_at")
    public OffsetDateTime rotatedAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "heartbeat_seconds")
    public Integer heartbeatSeconds;
}
