package dev.aiim.detection.repository;

import dev.aiim.contracts.incident.IncidentEventHeader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;

/** The {@code incident_link} table; joins the caller's transaction. */
@ApplicationScoped
public class IncidentLinkRepository {

    /** The detection opened or joined the incident the header names. */
    public Uni<Void> link(String detectionId, IncidentEventHeader incident, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into incident_link (detection_id,"
                        + " incident_id, incident_version, incident_status, linked_at, updated_at)"
                        + " values (:detection, :incident, :version, :status, :at, :at)"
                        + " on conflict (detection_id) do update set incident_id = excluded.incident_id,"
                        + " incident_version = excluded.incident_version, incident_status = excluded.incident_status,"
                        + " updated_at = excluded.updated_at")
                .setParameter("detection", detectionId)
                .setParameter("incident", incident.incidentId())
                .setParameter("version", incident.version())
                .setParameter("status", incident.status().name())
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    /** Where a linked incident now stands; an older event never overwrites a newer one. */
    public Uni<Void> follow(IncidentEventHeader incident, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("update incident_link set"
                        + " incident_version = :version, incident_status = :status, updated_at = :at"
                        + " where incident_id = :incident and incident_version < :version")
                .setParameter("incident", incident.incidentId())
                .setParameter("version", incident.version())
                .setParameter("status", incident.status().name())
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }
}
