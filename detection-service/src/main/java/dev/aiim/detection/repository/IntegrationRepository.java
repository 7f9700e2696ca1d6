package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.domain.NormalizationRules;
import dev.aiim.platform.persistence.SqlRows;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * Integrations ({@link IntegrationEntity}): administration goes through the entity in the caller's Panache
 * session or transaction; authentication, which every intake request asks, reads through the reactive SQL client
 * with one plain statement and no session, like the rest of intake.
 */
@ApplicationScoped
public class IntegrationRepository {

    private static final String READ_COLUMNS = "integration_id, name, type, system_id, token_hint, status,"
            + " created_at, created_by, rotated_at, revoked_at, rules::text as rules, token_hash, signing_secret,"
            + " heartbeat_seconds";

    /** An integration with its token's hash and its sealed signing secret, as authentication needs it. */
    public record Stored(Integration integration, String tokenHash, String sealedSecret) {
    }

    private final Pool pool;

    public IntegrationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(Integration integration, String tokenHash, String sealedSecret) {
        IntegrationEntity entity = new IntegrationEntity();
        entity.id = integration.id();
        entity.name = integration.name();
        entity.type = integration.type().name();
        entity.systemId = integration.systemId();
        entity.tokenHash = tokenHash;
        entity.tokenHint = integration.tokenHint();
        entity.signingSecret = sealedSecret;
        entity.rules = EventJson.write(integration.rules());
        entity.status = integration.status().name();
        entity.createdAt = utc(integration.createdAt());
        entity.createdBy = integration.createdBy();
        entity.heartbeatSeconds = seconds(integration.heartbeatInterval());
        return entity.persistAndFlush().replaceWithVoid();
    }

    /** New credentials for an active integration; false when it is unknown or revoked. */
    public Uni<Boolean> rotate(String id, String tokenHash, String hint, String sealedSecret, Instant at) {
        return active(id).map(entity -> {
            entity.ifPresent(e -> {
                e.tokenHash = tokenHash;
                e.tokenHint = hint;
                e.signingSecret = sealedSecret;
                e.rotatedAt = utc(at);
            });
            return entity.isPresent();
        });
    }

    /** A new heartbeat interval (null: none) for an active integration; false when it is unknown or revoked. */
    public Uni<Boolean> heartbeat(String id, @Nullable Duration interval) {
        return active(id).map(entity -> {
            entity.ifPresent(e -> e.heartbeatSeconds = seconds(interval));
            return entity.isPresent();
        });
    }

    public Uni<Boolean> revoke(String id, Instant at) {
        return active(id).map(entity -> {
            entity.ifPresent(e -> {
                e.status = Integration.IntegrationStatus.REVOKED.name();
                e.revokedAt = utc(at);
            });
            return entity.isPresent();
        });
    }

    public Uni<Optional<Integration>> find(String id) {
        return IntegrationEntity.<IntegrationEntity>findById(id)
                .map(entity -> Optional.ofNullable(entity).map(IntegrationRepository::integration));
    }

    public Uni<List<Integration>> list() {
        return IntegrationEntity.<IntegrationEntity>listAll(Sort.by("createdAt"))
                .map(all -> all.stream().map(IntegrationRepository::integration).toList());
    }

    /** Every integration, revoked ones too (an alert accepted before a revocation is still deduplicated). */
    public Uni<List<Stored>> all() {
        return pool.query("select " + READ_COLUMNS + " from integration").execute()
                .map(rows -> SqlRows.list(rows, IntegrationRepository::stored));
    }

    /** The integration if it is active, locked until the transaction ends (two rotations do not cross). */
    private Uni<Optional<IntegrationEntity>> active(String id) {
        return IntegrationEntity.<IntegrationEntity>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(entity -> Optional.ofNullable(entity)
                        .filter(e -> Integration.IntegrationStatus.ACTIVE.name().equals(e.status)));
    }

    private static Integration integration(IntegrationEntity e) {
        return new Integration(e.id, e.name, IntegrationType.valueOf(e.type), e.systemId, e.tokenHint,
                Integration.IntegrationStatus.valueOf(e.status), e.createdAt.toInstant(), e.createdBy,
                instantOf(e.rotatedAt), instantOf(e.revokedAt), rules(e.rules), duration(e.heartbeatSeconds));
    }

    private static Stored stored(Row row) {
        return new Stored(new Integration(row.getString("integration_id"), row.getString("name"),
                IntegrationType.valueOf(row.getString("type")), row.getString("system_id"), row.getString("token_hint"),
                Integration.IntegrationStatus.valueOf(row.getString("status")), instant(row, "created_at"),
                row.getString("created_by"), instant(row, "rotated_at"), instant(row, "revoked_at"),
                rules(row.getString("rules")), duration(row.getInteger("heartbeat_seconds"))),
                row.getString("token_hash"), row.getString("signing_secret"));
    }

    private static Integer seconds(@Nullable Duration interval) {
        return interval == null ? null : (int) interval.toSeconds();
    }

    private static Duration duration(@Nullable Integer seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static Instant instantOf(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /** Rules change rarely and are read on every intake request: parsed once per distinct text. */
    private static final Map<String, NormalizationRules> PARSED_RULES = new ConcurrentHashMap<>();

    private static NormalizationRules rules(String json) {
        if (PARSED_RULES.size() > 10_000) {
            PARSED_RULES.clear();
        }
        return PARSED_RULES.computeIfAbsent(json, text -> EventJson.read(text, NormalizationRules.class));
    }
}
