package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.NormalizationRules;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code integration} table; joins the caller's transaction. */
@ApplicationScoped
public class IntegrationRepository {

    private final Pool pool;

    public IntegrationRepository(Pool pool) {
        this.pool = pool;
    }

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

    /**
     * The integration holding this token. Authentication reads outside any transaction, on the reactive SQL
     * client: every intake request asks, and this keeps it to one plain statement.
     */
    public Uni<Optional<Stored>> byTokenHash(String tokenHash) {
        return pool.preparedQuery("select " + READ_COLUMNS + ", signing_secret from integration where token_hash = $1")
                .execute(Tuple.of(tokenHash))
                .map(rows -> stored(rows).stream().findFirst());
    }

    /** The active integrations of a type: the candidates for a signed request that does not name its integration. */
    public Uni<List<Stored>> active(IntegrationType type) {
        return pool.preparedQuery("select " + READ_COLUMNS + ", signing_secret from integration where type = $1"
                        + " and status = 'ACTIVE'")
                .execute(Tuple.of(type.name()))
                .map(IntegrationRepository::stored);
    }

    private static List<Stored> stored(RowSet<Row> rows) {
        List<Stored> stored = new ArrayList<>();
        for (Row row : rows) {
            stored.add(stored(SqlValues.columns(row.getDelegate())));
        }
        return stored;
    }

    private Uni<List<Stored>> select(String where, String param, Object value) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery("select " + READ_COLUMNS + ", signing_secret from integration " + where,
                    Object[].class);
            if (param != null) {
                query.setParameter(param, value);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(IntegrationRepository::stored).toList());
    }

    private static Stored stored(Object[] r) {
        return new Stored(new Integration((String) r[0], (String) r[1], IntegrationType.valueOf((String) r[2]),
                (String) r[3], (String) r[4], Integration.IntegrationStatus.valueOf((String) r[5]), SqlValues.instant(r[6]),
                (String) r[7], SqlValues.instant(r[8]), SqlValues.instant(r[9]),
                rules((String) r[10])), (String) r[11]);
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
