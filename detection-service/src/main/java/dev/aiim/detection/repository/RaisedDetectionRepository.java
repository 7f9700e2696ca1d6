package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.detection.DetectionRaised;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

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

    /** The detection still open for this dedup key raised since {@code since}, if any (a repeat joins it). */
    public Uni<Optional<String>> openFor(String dedupKey, Instant since) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select detection_id from raised_detection"
                        + " where dedup_key = :key and raised_at >= :since and resolved_at is null"
                        + " order by raised_at desc limit 1", String.class)
                .setParameter("key", dedupKey)
                .setParameter("since", since.atOffset(ZoneOffset.UTC))
                .getResultList()
                .map(rows -> rows.stream().findFirst()));
    }

    public Uni<Void> countRepeat(String detectionId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update raised_detection set repeats = repeats + 1 where detection_id = :id")
                .setParameter("id", detectionId)
                .executeUpdate()).replaceWithVoid();
    }

    /** The open detection for this dedup key, whatever its age, as the original raised it. */
    public Uni<Optional<DetectionRaised>> latestOpen(String dedupKey) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select data::text from raised_detection"
                        + " where dedup_key = :key and resolved_at is null order by raised_at desc limit 1", String.class)
                .setParameter("key", dedupKey)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(json -> EventJson.read(json, DetectionRaised.class))));
    }

    public Uni<Void> markResolved(String detectionId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update raised_detection set resolved_at = :at where detection_id = :id")
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("id", detectionId)
                .executeUpdate()).replaceWithVoid();
    }
}
