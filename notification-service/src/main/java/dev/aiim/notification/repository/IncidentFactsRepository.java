package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.notification.domain.IncidentFacts;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What routing knows about incidents and AI systems, from their topics: title and description, role
 * holders, each system's owner team and client contacts. Joins the caller's transaction.
 */
@ApplicationScoped
public class IncidentFactsRepository {

    /** A status update went out (or the cadence restarted) at {@code at}: nothing is missed any more. */
    public Uni<Void> updated(String incidentId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update incident_snapshot set last_update_at = :at, missed_updates = 0 where incident_id = :id")
                .setParameter("id", incidentId)
                .setParameter("at", at.atOffset(java.time.ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> missedUpdates(String incidentId, int missed) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update incident_snapshot set missed_updates = :missed where incident_id = :id")
                .setParameter("id", incidentId)
                .setParameter("missed", missed)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> describe(String incidentId, String title, String description) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update incident_snapshot set title = :title, description = :description where incident_id = :id")
                .setParameter("id", incidentId)
                .setParameter("title", title)
                .setParameter("description", description)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Optional<IncidentFacts>> find(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select incident_id, version, status, severity, system_id, simulation, title, description,"
                                + " recorded_at, last_update_at, missed_updates from incident_snapshot where incident_id = :id", Object[].class)
                .setParameter("id", incidentId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> new IncidentFacts((String) r[0],
                        ((Number) r[1]).longValue(), IncidentStatus.valueOf((String) r[2]), r[3] == null ? null : Severity.valueOf((String) r[3]),
                        (String) r[4], (Boolean) r[5], (String) r[6], (String) r[7], SqlValues.instant(r[8]),
                        SqlValues.instant(r[9]), ((Number) r[10]).intValue()))));
    }

    public Uni<Void> assignRole(String incidentId, IncidentRole role, Person person) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into incident_role_holder (incident_id, role, person_id, person_name, person_email)"
                                + " values (:incident, :role, :person, :name, :email) on conflict (incident_id, role)"
                                + " do update set person_id = excluded.person_id, person_name = excluded.person_name,"
                                + " person_email = excluded.person_email")
                .setParameter("incident", incidentId)
                .setParameter("role", role.name())
                .setParameter("person", person.id())
                .setParameter("name", person.name())
                .setParameter("email", person.email())
                .executeUpdate()).replaceWithVoid();
    }

    /** The incident's role holders, commander first. */
    public Uni<Map<IncidentRole, Person>> roleHolders(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select role, person_id, person_name, person_email from incident_role_holder"
                                + " where incident_id = :incident", Object[].class)
                .setParameter("incident", incidentId)
                .getResultList()
                .map(rows -> {
                    Map<IncidentRole, Person> holders = new java.util.EnumMap<>(IncidentRole.class);
                    for (Object[] r : rows) {
                        holders.put(IncidentRole.valueOf((String) r[0]),
                                new Person((String) r[1], (String) r[2], (String) r[3], false));
                    }
                    return (Map<IncidentRole, Person>) new LinkedHashMap<>(holders);
                }));
    }

    /** Keeps the newest version of a system. */
    public Uni<Void> rememberSystem(AiSystem system) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into ai_system (id, version, data) values (:id, :version, cast(cast(:data as text) as jsonb))"
                                + " on conflict (id) do update set version = excluded.version, data = excluded.data"
                                + " where ai_system.version < excluded.version")
                .setParameter("id", system.id())
                .setParameter("version", system.version())
                .setParameter("data", EventJson.write(system))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Optional<AiSystem>> system(String systemId) {
        if (systemId == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from ai_system where id = :id", String.class)
                .setParameter("id", systemId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(json -> EventJson.read(json, AiSystem.class))));
    }
}
