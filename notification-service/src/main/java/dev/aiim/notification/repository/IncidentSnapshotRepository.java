package dev.aiim.notification.repository;

import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.incident.IncidentEventHeader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code incident_snapshot} table, through the client (the consumer's transaction) it is given. */
@ApplicationScoped
public class IncidentSnapshotRepository {

    /** Keeps the newest state: an older or repeated version changes nothing. */
    public Uni<Void> remember(SqlClient client, IncidentEventHeader header, MessageType type, Instant now) {
        return client.preparedQuery("insert into incident_snapshot (incident_id, version, status, severity, category,"
                        + " system_id, simulation, last_event, recorded_at, updated_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                        + " on conflict (incident_id) do update set version = excluded.version,"
                        + " status = excluded.status,"
                        + " severity = excluded.severity, category = excluded.category, system_id = excluded.system_id,"
                        + " simulation = excluded.simulation, last_event = excluded.last_event,"
                        + " recorded_at = excluded.recorded_at, updated_at = excluded.updated_at"
                        + " where incident_snapshot.version < excluded.version")
                .execute(Tuple.from(Arrays.asList(header.incidentId(), header.version(), header.status().name(),
                        header.severity() == null ? null : header.severity().name(), header.category().name(),
                        header.systemId(), header.simulation(), type.ceType(), utc(header.recordedAt()), utc(now))))
                .replaceWithVoid();
    }
}
