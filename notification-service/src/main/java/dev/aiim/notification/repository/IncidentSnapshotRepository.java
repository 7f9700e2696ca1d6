package dev.aiim.notification.repository;

import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.incident.IncidentEventHeader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;

/** The {@code incident_snapshot} table; joins the caller's transaction. */
@ApplicationScoped
public class IncidentSnapshotRepository {

    /** Keeps the newest state: an older or repeated version changes nothing. */
    public Uni<Void> remember(IncidentEventHeader header, MessageType type, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into incident_snapshot (incident_id, version, status, severity, category, system_id,"
                                + " simulation, last_event, recorded_at, updated_at)"
                                + " values (:id, :version, :status, :severity, :category, :system, :simulation, :type,"
                                + " :recordedAt, :now)"
                                + " on conflict (incident_id) do update set version = excluded.version, status = excluded.status,"
                                + " severity = excluded.severity, category = excluded.category, system_id = excluded.system_id,"
                                + " simulation = excluded.simulation, last_event = excluded.last_event,"
                                + " recorded_at = excluded.recorded_at, updated_at = excluded.updated_at"
                                + " where incident_snapshot.version < excluded.version")
                .setParameter("id", header.incidentId())
                .setParameter("version", header.version())
                .setParameter("status", header.status().name())
                .setParameter("severity", header.severity() == null ? null : header.severity().name())
                .setParameter("category", header.category().name())
                .setParameter("system", header.systemId())
                .setParameter("simulation", header.simulation())
                .setParameter("type", type.ceType())
                .setParameter("recordedAt", header.recordedAt().atOffset(ZoneOffset.UTC))
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }
}
