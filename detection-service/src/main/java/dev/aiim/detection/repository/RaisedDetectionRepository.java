package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.detection.DetectionRaised;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;

/** The {@code raised_detection} table; joins the caller's transaction. */
@ApplicationScoped
public class RaisedDetectionRepository {

    public Uni<Void> record(DetectionRaised detection, String raisedBy) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into raised_detection (detection_id, correlation_key, dedup_key, system_id, category, source,"
                                + " raised_by, raised_at, data) values (:id, :key, :dedup, :system, :category, :source, :by,"
                                + " :at, cast(cast(:data as text) as jsonb))")
                .setParameter("id", detection.detectionId())
                .setParameter("key", detection.correlationKey())
                .setParameter("dedup", detection.dedupKey())
                .setParameter("system", detection.systemId())
                .setParameter("category", detection.category().name())
                .setParameter("source", detection.source().name())
                .setParameter("by", raisedBy)
                .setParameter("at", detection.detectedAt().atOffset(ZoneOffset.UTC))
                .setParameter("data", EventJson.write(detection))
                .executeUpdate()).replaceWithVoid();
    }
}
