package dev.aiim.reporting.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentEventHeader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The {@code incident_event_log} table; joins the caller's transaction. */
@ApplicationScoped
public class IncidentEventLogRepository {

    /** Appends an event; the same (incident, version) arriving again changes nothing. */
    public Uni<Void> append(IncidentEvent event, MessageType type, String messageId, Instant now) {
        IncidentEventHeader header = event.header();
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into incident_event_log (incident_id, version, type, message_id, recorded_at, hash,"
                                + " prev_hash, simulation, received_at, data)"
                                + " values (:id, :version, :type, :messageId, :recordedAt, :hash, :prevHash, :simulation,"
                                + " :now, cast(cast(:data as text) as jsonb)) on conflict (incident_id, version) do nothing")
                .setParameter("id", header.incidentId())
                .setParameter("version", header.version())
                .setParameter("type", type.ceType())
                .setParameter("messageId", messageId)
                .setParameter("recordedAt", header.recordedAt().atOffset(ZoneOffset.UTC))
                .setParameter("hash", header.hash())
                .setParameter("prevHash", header.prevHash())
                .setParameter("simulation", header.simulation())
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("data", EventJson.write(event))
                .executeUpdate()).replaceWithVoid();
    }

    /** The incident's events in version order, as the records they were received as. */
    public Uni<List<IncidentEvent>> events(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select type, data::text from incident_event_log where incident_id = :id order by version",
                        Object[].class)
                .setParameter("id", incidentId)
                .getResultList()
                .map(rows -> rows.stream().map(r -> (IncidentEvent) EventJson.read((String) r[1],
                        MessageTypes.byCeType((String) r[0]).orElseThrow().payloadType())).toList()));
    }

    /** Incidents with a gap: a later version received while an earlier one is missing. */
    public Uni<List<String>> withGaps() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select incident_id from incident_event_log group by incident_id"
                                + " having count(*) <> max(version) order by incident_id", String.class)
                .getResultList());
    }

    public Uni<Long> count() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select count(*) from incident_event_log", Long.class).getSingleResult());
    }
}
