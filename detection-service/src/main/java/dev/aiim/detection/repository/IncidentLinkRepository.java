package dev.aiim.detection.repository;

import dev.aiim.contracts.incident.IncidentEventHeader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code incident_link} table, through the client (the consumer's transaction) it is given. */
@ApplicationScoped
public class IncidentLinkRepository {

    /** The detection opened or joined the incident the header names. */
    public Uni<Void> link(SqlClient client, String detectionId, IncidentEventHeader incident, Instant at) {
        return client.preparedQuery("insert into incident_link (detection_id, incident_id, incident_version,"
                        + " incident_status, linked_at, updated_at) values ($1, $2, $3, $4, $5, $5)"
                        + " on conflict (detection_id) do update set incident_id = excluded.incident_id,"
                        + " incident_version = excluded.incident_version, incident_status = excluded.incident_status,"
                        + " updated_at = excluded.updated_at")
                .execute(Tuple.of(detectionId, incident.incidentId(), incident.version(), incident.status().name(),
                        utc(at)))
                .replaceWithVoid();
    }

    /** Where a linked incident now stands; an older event never overwrites a newer one. */
    public Uni<Void> follow(SqlClient client, IncidentEventHeader incident, Instant at) {
        return client.preparedQuery("update incident_link set incident_version = $2, incident_status = $3,"
                        + " updated_at = $4 where incident_id = $1 and incident_version < $2")
                .execute(Tuple.of(incident.incidentId(), incident.version(), incident.status().name(), utc(at)))
                .replaceWithVoid();
    }
}
