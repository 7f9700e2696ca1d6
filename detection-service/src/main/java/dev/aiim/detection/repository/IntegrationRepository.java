package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.NormalizationRules;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code integration} table; joins the caller's transaction. */
@ApplicationScoped
public class IntegrationRepository {

    private static final String COLUMNS = "integration_id, name, type, system_id, token_hint, status, created_at,"
            + " created_by, rotated_at, revoked_at";
    private static final String READ_COLUMNS = COLUMNS + ", rules::text";

    /** An integration with its sealed signing secret, as authentication needs it. */
    public record Stored(Integration integration, String sealedSecret) {
    }

    public Uni<Void> insert(Integration integration, String tokenHash, String sealedSecret) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into integration (" + COLUMNS
                        + ", token_hash, signing_secret, rules) values (:id, :name, :type, :system, :hint, :status, :at,"
                        + " :by, null, null, :hash, :secret, cast(cast(:rules as text) as jsonb))")
                .setParameter("id", integration.id())
                .setParameter("name", integration.name())
                .setParameter("type", integration.type().name())
                .setParameter("system", integration.systemId())
                .setParameter("hint", integration.tokenHint())
                .setParameter("status", integration.status().name())
                .setParameter("at", utc(integration.createdAt()))
                .setParameter("by", integration.createdBy())
                .setParameter("hash", tokenHash)
                .setParameter("secret", sealedSecret)
                .setParameter("rules", EventJson.write(integration.rules()))
                .executeUpdate()).replaceWithVoid();
    }

    /** New credentials for an active integration; false when it is unknown or revoked. */
    public Uni<Boolean> rotate(String id, String tokenHash, String hint, String sealedSecret, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("update integration set token_hash ="
                        + " :hash, token_hint = :hint, signing_secret = :secret, rotated_at = :at"
                        + " where integration_id = :id and status = 'ACTIVE'")
                .setParameter("hash", tokenHash)
                .setParameter("hint", hint)
                .setParameter("secret", sealedSecret)
                .setParameter("at", utc(at))
                .setParameter("id", id)
                .executeUpdate()).map(rows -> rows == 1);
    }

    public Uni<Boolean> revoke(String id, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("update integration set status ="
                        + " 'REVOKED', revoked_at = :at where integration_id = :id and status = 'ACTIVE'")
                .setParameter("at", utc(at))
                .setParameter("id", id)
                .executeUpdate()).map(rows -> rows == 1);
    }

    public Uni<Optional<Integration>> find(String id) {
        return select("where integration_id = :id", "id", id).map(rows -> rows.stream().findFirst()
                .map(Stored::integration));
    }

    public Uni<List<Integration>> list() {
        return select("order by created_at", null, null).map(rows -> rows.stream().map(Stored::integration).toList());
    }

    public Uni<Optional<Stored>> byTokenHash(String tokenHash) {
        return select("where token_hash = :hash", "hash", tokenHash).map(rows -> rows.stream().findFirst());
    }

    /** The active integrations of a type: the candidates for a signed request that does not name its integration. */
    public Uni<List<Stored>> active(IntegrationType type) {
        return select("where type = :type and status = 'ACTIVE'", "type", type.name());
    }

    private Uni<List<Stored>> select(String where, String param, Object value) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery("select " + READ_COLUMNS + ", signing_secret from integration " + where,
                    Object[].class);
            if (param != null) {
                query.setParameter(param, value);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(r -> new Stored(new Integration((String) r[0], (String) r[1],
                IntegrationType.valueOf((String) r[2]), (String) r[3], (String) r[4],
                Integration.IntegrationStatus.valueOf((String) r[5]), SqlValues.instant(r[6]), (String) r[7], SqlValues.instant(r[8]),
                SqlValues.instant(r[9]), EventJson.read((String) r[10], NormalizationRules.class)), (String) r[11])).toList());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

}
