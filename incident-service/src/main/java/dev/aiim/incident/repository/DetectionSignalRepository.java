package dev.aiim.incident.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The {@code detection_signal} table; joins the caller's transaction. */
@ApplicationScoped
public class DetectionSignalRepository {

    public Uni<Void> recordRaised(DetectionRaised detection, Instant receivedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into detection_signal (detection_id, correlation_key, system_id, category, source, summary,"
                                + " suggested_severity, simulation, detected_at, received_at, data)"
                                + " values (:id, :key, :system, :category, :source, :summary, :severity, :simulation,"
                                + " :detectedAt, :receivedAt, cast(cast(:data as text) as jsonb)) on conflict (detection_id) do nothing")
                .setParameter("id", detection.detectionId())
                .setParameter("key", detection.correlationKey())
                .setParameter("system", detection.systemId())
                .setParameter("category", detection.category().name())
                .setParameter("source", detection.source().name())
                .setParameter("summary", detection.summary())
                .setParameter("severity", detection.suggestedSeverity() == null ? null : detection.suggestedSeverity().name())
                .setParameter("simulation", detection.simulation())
                .setParameter("detectedAt", utc(detection.detectedAt()))
                .setParameter("receivedAt", utc(receivedAt))
                .setParameter("data", EventJson.write(detection))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> recordResolved(DetectionResolved resolution) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update detection_signal set resolved_at = :at where detection_id = :id")
                .setParameter("at", utc(resolution.resolvedAt()))
                .setParameter("id", resolution.detectionId())
                .executeUpdate()).replaceWithVoid();
    }

    /** Which incident the detection opened or joined. */
    public Uni<Void> linkToIncident(String detectionId, String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update detection_signal set incident_id = :incident where detection_id = :id")
                .setParameter("incident", incidentId)
                .setParameter("id", detectionId)
                .executeUpdate()).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
