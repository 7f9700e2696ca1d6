package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.AlertDeduplication.OpenDetection;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * The {@code raised_detection} table, on the reactive SQL client: each method runs on the connection it
 * is given, so the caller's transaction covers it. Deduplication takes the alert log in batches, so a batch
 * costs a fixed handful of statements whatever its number of alerts, and no ORM work at all.
 */
@ApplicationScoped
public class RaisedDetectionRepository {

    /**
     * Holds, until the caller's transaction ends, a lock per dedup key, so two requests about the same
     * alert take turns: the second sees what the first raised and counts a repeat instead of raising again.
     * Locks are taken in one order so that two requests never wait on each other.
     */
    public Uni<Void> lockDedupKeys(SqlClient connection, Collection<String> dedupKeys) {
        return connection.preparedQuery("select pg_advisory_xact_lock(k) from (select distinct"
                        + " hashtextextended(d, 0) k from unnest($1::text[]) d order by 1) keys")
                .execute(Tuple.of(dedupKeys.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The detections still open under the keys (their payloads parsed only if a resolution asks). */
    public Uni<List<OpenDetection>> open(SqlClient connection, Collection<String> dedupKeys) {
        return connection.preparedQuery("select dedup_key, detection_id, raised_at, data::text from raised_detection"
                        + " where dedup_key = any($1) and resolved_at is null")
                .execute(Tuple.of(dedupKeys.toArray(String[]::new)))
                .map(rows -> SqlRows.list(rows, row -> {
                    String payload = row.getString(3);
                    return new OpenDetection(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant(),
                            () -> EventJson.read(payload, DetectionRaised.class));
                }));
    }

    /** Which of these detection ids were raised before, open or resolved. */
    public Uni<Set<String>> existing(SqlClient connection, Collection<String> detectionIds) {
        if (detectionIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return connection.preparedQuery("select detection_id from raised_detection where detection_id = any($1)")
                .execute(Tuple.of(detectionIds.toArray(String[]::new)))
                .map(rows -> Set.copyOf(SqlRows.list(rows, row -> row.getString(0))));
    }

    /** For each key that has one, the id of the newest detection raised under it, open or resolved. */
    public Uni<Map<String, String>> latestIds(SqlClient connection, Collection<String> dedupKeys) {
        return connection.preparedQuery("select distinct on (dedup_key) dedup_key, detection_id from raised_detection"
                        + " where dedup_key = any($1) order by dedup_key, raised_at desc")
                .execute(Tuple.of(dedupKeys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> latest = new HashMap<>();
                    for (Row row : rows) {
                        latest.put(row.getString(0), row.getString(1));
                    }
                    return latest;
                });
    }

    /** Records raised detections; one already recorded is left as it is. */
    public Uni<Void> record(SqlClient connection, List<DetectionRaised> detections, String raisedBy) {
        return record(connection, detections, d -> raisedBy);
    }

    /** The same, each raised by whoever {@code raisedBy} names for it (an alert's integration). */
    public Uni<Void> record(SqlClient connection, List<DetectionRaised> detections,
                            Function<DetectionRaised, String> raisedBy) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into raised_detection (detection_id, correlation_key, dedup_key,"
                        + " system_id, category, source, raised_by, raised_at, data)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb) on conflict (detection_id) do nothing")
                .executeBatch(detections.stream().map(d -> Tuple.tuple(Arrays.asList(d.detectionId(),
                        d.correlationKey(), d.dedupKey(), d.systemId(), d.category().name(), d.source().name(),
                        raisedBy.apply(d),
                        utc(d.detectedAt()), EventJson.write(d)))).toList())
                .replaceWithVoid();
    }

    /** A detection as intake's own history shows it: what became of an alert. */
    public record Summary(String detectionId, String dedupKey, String integrationId, boolean open, Instant raisedAt,
                          @Nullable Instant resolvedAt, int repeats, String systemId, String category) {
    }

    /**
     * The detections raised under a sender's dedup key, newest first: under that integration's key when one is named,
     * else under every integration's.
     */
    public Uni<List<Summary>> bySenderKey(SqlClient client, String senderKey, @Nullable String integrationId,
                                          int limit) {
        String where = integrationId != null ? "dedup_key = $1" : "substr(dedup_key, strpos(dedup_key, ':') + 1) = $1";
        return client.preparedQuery("select detection_id, dedup_key, raised_by, raised_at, resolved_at, repeats,"
                        + " system_id, category from raised_detection where " + where
                        + " order by raised_at desc limit $2")
                .execute(Tuple.of(integrationId != null ? integrationId + ":" + senderKey : senderKey, limit))
                .map(rows -> SqlRows.list(rows, row -> {
                    String dedupKey = row.getString("dedup_key");
                    Instant resolvedAt = SqlRows.instant(row, "resolved_at");
                    return new Summary(row.getString("detection_id"), dedupKey.substring(dedupKey.indexOf(':') + 1),
                            row.getString("raised_by"), resolvedAt == null, SqlRows.instant(row, "raised_at"),
                            resolvedAt, row.getInteger("repeats"), row.getString("system_id"),
                            row.getString("category"));
                }));
    }

    /** Adds repeats (detection id to how many more times its alert fired). */
    public Uni<Void> countRepeats(SqlClient connection, Map<String, Integer> repeats) {
        if (repeats.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("update raised_detection set repeats = repeats + $2 where detection_id = $1")
                .executeBatch(repeats.entrySet().stream().map(e -> Tuple.of(e.getKey(), e.getValue())).toList())
                .replaceWithVoid();
    }

    /** Closes detections (detection id to when its source said it ended). */
    public Uni<Void> markResolved(SqlClient connection, Map<String, Instant> resolutions) {
        if (resolutions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("update raised_detection set resolved_at = $2 where detection_id = $1")
                .executeBatch(resolutions.entrySet().stream().map(e -> Tuple.of(e.getKey(), utc(e.getValue()))).toList())
                .replaceWithVoid();
    }
}
