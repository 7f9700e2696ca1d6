package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.AlertDeduplication.OpenDetection;
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

import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * The {@code raised_detection} table, on the reactive SQL client: each method runs on the connection it
 * is given, so the caller's transaction covers it. Intake is the hot path of this service, so a request
 * costs a fixed handful of statements whatever its number of alerts (batched, not one per alert), and no
 * ORM work at all.
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

    /** For each key that has one, the newest open detection (its payload parsed only if a resolution asks). */
    public Uni<Map<String, OpenDetection>> open(SqlClient connection, Collection<String> dedupKeys) {
        return connection.preparedQuery("select distinct on (dedup_key) dedup_key, detection_id, raised_at, data::text"
                        + " from raised_detection where dedup_key = any($1) and resolved_at is null"
                        + " order by dedup_key, raised_at desc")
                .execute(Tuple.of(dedupKeys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, OpenDetection> open = new HashMap<>();
                    for (Row row : rows) {
                        String payload = row.getString(3);
                        open.put(row.getString(0), new OpenDetection(row.getString(1),
                                row.getOffsetDateTime(2).toInstant(), () -> EventJson.read(payload, DetectionRaised.class)));
                    }
                    return open;
                });
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

    /** Records raised detections; one already recorded (a retried outbox entry) is left as it is. */
    public Uni<Void> record(SqlClient connection, List<DetectionRaised> detections, String raisedBy) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into raised_detection (detection_id, correlation_key, dedup_key,"
                        + " system_id, category, source, raised_by, raised_at, data)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb) on conflict (detection_id) do nothing")
                .executeBatch(detections.stream().map(d -> Tuple.tuple(Arrays.asList(d.detectionId(),
                        d.correlationKey(), d.dedupKey(), d.systemId(), d.category().name(), d.source().name(), raisedBy,
                        utc(d.detectedAt()), EventJson.write(d)))).toList())
                .replaceWithVoid();
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
