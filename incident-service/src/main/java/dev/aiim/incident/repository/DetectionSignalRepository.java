package dev.aiim.incident.repository;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.list;
import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code detection_signal} table, through the client (the consumer's transaction) it is given. */
@ApplicationScoped
public class DetectionSignalRepository {

    /** One detection that opened or joined an incident, as the incident service received it. */
    public record LinkedSignal(String detectionId, DetectionSource source, String summary,
                               @Nullable Severity suggestedSeverity, Instant detectedAt, @Nullable Instant resolvedAt) {

        static LinkedSignal from(Row row) {
            String severity = row.getString("suggested_severity");
            return new LinkedSignal(row.getString("detection_id"), DetectionSource.valueOf(row.getString("source")),
                    row.getString("summary"), severity == null ? null : Severity.valueOf(severity),
                    instant(row, "detected_at"), instant(row, "resolved_at"));
        }
    }

    /** A page of an incident's signals, newest first, and how many it has in all. */
    public record SignalPage(List<LinkedSignal> items, long total) {
    }

    /** The detections linked to an incident, newest first. */
    public Uni<SignalPage> forIncident(SqlClient client, String incidentId, int page, int size) {
        Uni<Long> total = client.preparedQuery("select count(*) from detection_signal where incident_id = $1")
                .execute(Tuple.of(incidentId)).map(rows -> rows.iterator().next().getLong(0));
        Uni<List<LinkedSignal>> items = client.preparedQuery("select detection_id, source, summary,"
                        + " suggested_severity, detected_at, resolved_at from detection_signal where incident_id = $1"
                        + " order by detected_at desc, detection_id limit $2 offset $3")
                .execute(Tuple.of(incidentId, size, (long) page * size))
                .map(rows -> list(rows, LinkedSignal::from));
        return total.chain(count -> items.map(found -> new SignalPage(found, count)));
    }

    public Uni<Void> recordRaised(SqlClient client, DetectionRaised detection, Instant receivedAt) {
        return recordRaised(client, List.of(detection), receivedAt);
    }

    /** Records detections as received, in one batched statement; one recorded before is left as it is. */
    public Uni<Void> recordRaised(SqlClient client, List<DetectionRaised> detections, Instant receivedAt) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("insert into detection_signal (detection_id, correlation_key, system_id, category,"
                        + " source, summary, suggested_severity, simulation, detected_at, received_at, data)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb)"
                        + " on conflict (detection_id) do nothing")
                .executeBatch(detections.stream().map(detection -> Tuple.from(Arrays.asList(detection.detectionId(),
                        detection.correlationKey(), detection.systemId(), detection.category().name(),
                        detection.source().name(), detection.summary(),
                        detection.suggestedSeverity() == null ? null : detection.suggestedSeverity().name(),
                        detection.simulation(), utc(detection.detectedAt()), utc(receivedAt),
                        EventJson.write(detection)))).toList())
                .replaceWithVoid();
    }

    public Uni<Void> recordResolved(SqlClient client, DetectionResolved resolution) {
        return client.preparedQuery("update detection_signal set resolved_at = $1 where detection_id = $2")
                .execute(Tuple.of(utc(resolution.resolvedAt()), resolution.detectionId()))
                .replaceWithVoid();
    }

    /** Which incident the detection opened or joined. */
    public Uni<Void> linkToIncident(SqlClient client, String detectionId, String incidentId) {
        return linkToIncident(client, List.of(detectionId), incidentId);
    }

    /** Which incident these detections opened or joined. */
    public Uni<Void> linkToIncident(SqlClient client, List<String> detectionIds, String incidentId) {
        if (detectionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("update detection_signal set incident_id = $1 where detection_id = any($2)")
                .execute(Tuple.of(incidentId, detectionIds.toArray(String[]::new)))
                .replaceWithVoid();
    }
}
