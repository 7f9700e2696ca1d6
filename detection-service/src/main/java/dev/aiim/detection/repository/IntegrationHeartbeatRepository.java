package dev.aiim.detection.repository;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.IntegrationType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** When integrations that promise a heartbeat were last heard from, and the detection a silence raised. */
@ApplicationScoped
public class IntegrationHeartbeatRepository {

    /** An integration with a heartbeat (or a silence still open), as the checker reads it. */
    public record Watched(String integrationId, String name, IntegrationType type, @Nullable String systemId,
                          boolean active, @Nullable Duration interval, Instant lastSeenAt, boolean heardFrom,
                          @Nullable String detectionId, @Nullable Instant silentSince) {
    }

    /** Moves each integration's last-seen time forward (never back); one statement for a poll's alerts. */
    public Uni<Void> seen(SqlClient connection, Map<String, Instant> lastSeen) {
        if (lastSeen.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = lastSeen.keySet().toArray(String[]::new);
        OffsetDateTime[] at = Arrays.stream(ids).map(id -> utc(lastSeen.get(id))).toArray(OffsetDateTime[]::new);
        return connection.preparedQuery("insert into integration_heartbeat (integration_id, last_seen_at)"
                        + " select * from unnest($1::varchar[], $2::timestamptz[])"
                        + " on conflict (integration_id) do update set last_seen_at = greatest(integration_heartbeat.last_seen_at, excluded.last_seen_at)")
                .execute(Tuple.of(ids, at))
                .replaceWithVoid();
    }

    /**
     * One checker at a time over all replicas (a transaction-scoped advisory lock); false when another holds it,
     * and this round is left to that one.
     */
    public Uni<Boolean> lock(SqlClient connection) {
        return connection.query("select pg_try_advisory_xact_lock(7431001)").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Active integrations with a heartbeat, and any integration whose silence is still open. */
    public Uni<List<Watched>> watched(SqlClient connection) {
        return connection.query("select i.integration_id, i.name, i.type, i.system_id, i.status = 'ACTIVE',"
                        + " i.heartbeat_seconds, coalesce(h.last_seen_at, i.created_at), h.last_seen_at is not null,"
                        + " h.detection_id, h.silent_since from integration i"
                        + " left join integration_heartbeat h on h.integration_id = i.integration_id"
                        + " where (i.heartbeat_seconds is not null and i.status = 'ACTIVE')"
                        + " or h.detection_id is not null")
                .execute()
                .map(rows -> {
                    List<Watched> watched = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        Integer seconds = r.getInteger(5);
                        watched.add(new Watched(r.getString(0), r.getString(1), IntegrationType.valueOf(r.getString(2)),
                                r.getString(3), r.getBoolean(4), seconds == null ? null : Duration.ofSeconds(seconds),
                                r.getOffsetDateTime(6).toInstant(), r.getBoolean(7), r.getString(8),
                                r.getOffsetDateTime(9) == null ? null : r.getOffsetDateTime(9).toInstant()));
                    }
                    return watched;
                });
    }

    /** Records the detection a silence raised (null: the silence ended). */
    public Uni<Void> silence(SqlClient connection, String integrationId, @Nullable String detectionId,
                             @Nullable Instant since) {
        return connection.preparedQuery("insert into integration_heartbeat (integration_id, detection_id, silent_since)"
                        + " values ($1, $2, $3) on conflict (integration_id) do update set detection_id = $2,"
                        + " silent_since = $3")
                .execute(Tuple.of(integrationId, detectionId, since == null ? null : utc(since)))
                .replaceWithVoid();
    }
}
