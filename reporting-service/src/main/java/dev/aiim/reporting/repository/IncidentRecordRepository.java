package dev.aiim.reporting.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.reporting.domain.IncidentRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code incident_record} read model; joins the caller's transaction. */
@ApplicationScoped
public class IncidentRecordRepository {

    /** Stores the record folded through {@code record.version()}, with the highest version received. */
    public Uni<Void> save(IncidentRecord record, long receivedVersion, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into incident_record (incident_id, data, version, received_version, stale, simulation,"
                                + " detected_at, system_id, updated_at) values (:id, cast(cast(:data as text) as jsonb),"
                                + " :version, :received, :stale, :simulation, :detected, :system, :now)"
                                + " on conflict (incident_id) do update set data = excluded.data, version = excluded.version,"
                                + " received_version = excluded.received_version, stale = excluded.stale,"
                                + " simulation = excluded.simulation, detected_at = excluded.detected_at,"
                                + " system_id = excluded.system_id, updated_at = excluded.updated_at")
                .setParameter("id", record.incidentId())
                .setParameter("data", EventJson.write(record))
                .setParameter("version", record.version())
                .setParameter("received", receivedVersion)
                .setParameter("stale", receivedVersion > record.version())
                .setParameter("simulation", record.simulation())
                .setParameter("detected", record.detectedAt().atOffset(ZoneOffset.UTC))
                .setParameter("system", record.systemId())
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    /** Production incidents (never simulations) detected in [from, to), either bound optional. */
    public Uni<List<IncidentRecord>> production(Instant from, Instant to) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from incident_record where simulation = false"
                                + " and detected_at >= :from and detected_at < :to order by detected_at", String.class)
                .setParameter("from", (from == null ? Instant.parse("1970-01-01T00:00:00Z") : from).atOffset(ZoneOffset.UTC))
                .setParameter("to", (to == null ? Instant.parse("9999-01-01T00:00:00Z") : to).atOffset(ZoneOffset.UTC))
                .getResultList()
                .map(rows -> rows.stream().map(json -> EventJson.read(json, IncidentRecord.class)).toList()));
    }

    /** Game-day incidents (simulations only), the newest first, at most {@code limit}. */
    public Uni<List<IncidentRecord>> drills(int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from incident_record where simulation = true order by detected_at desc"
                                + " limit :limit", String.class)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(json -> EventJson.read(json, IncidentRecord.class)).toList()));
    }

    /** A stored record and the highest version received for its incident. */
    public record Stored(IncidentRecord record, long receivedVersion) {
    }

    /** The stored record, locked for the rest of the transaction (two events of one incident never cross). */
    public Uni<Optional<Stored>> lock(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text, received_version from incident_record where incident_id = :id for update",
                        Object[].class)
                .setParameter("id", incidentId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> new Stored(EventJson.read((String) r[0],
                        IncidentRecord.class), ((Number) r[1]).longValue()))));
    }

    public Uni<Optional<IncidentRecord>> find(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from incident_record where incident_id = :id", String.class)
                .setParameter("id", incidentId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(json -> EventJson.read(json, IncidentRecord.class))));
    }
}
