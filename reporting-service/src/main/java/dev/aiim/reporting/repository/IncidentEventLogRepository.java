package dev.aiim.reporting.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code incident_event_log} table, through the client (a pool, or a transaction's connection) it is given. */
@ApplicationScoped
public class IncidentEventLogRepository {

    /** Appends an event; the same (incident, version) arriving again changes nothing. */
    public Uni<Void> append(SqlClient client, IncidentEvent event, MessageType type, String messageId, Instant now) {
        IncidentEventHeader header = event.header();
        return client.preparedQuery("insert into incident_event_log (incident_id, version, type, message_id, recorded_at,"
                        + " hash, prev_hash, simulation, received_at, data) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10::text::jsonb) on conflict (incident_id, version) do nothing")
                .execute(Tuple.from(Arrays.asList(header.incidentId(), header.version(), type.ceType(), messageId,
                        utc(header.recordedAt()), header.hash(), header.prevHash(), header.simulation(), utc(now),
                        EventJson.write(event))))
                .replaceWithVoid();
    }

    /** The incident's events in version order, as the records they were received as. */
    public Uni<List<IncidentEvent>> events(SqlClient client, String incidentId) {
        return client.preparedQuery("select type, data::text from incident_event_log where incident_id = $1"
                        + " order by version")
                .execute(Tuple.of(incidentId))
                .map(rows -> SqlRows.list(rows, IncidentEventLogRepository::event));
    }

    /** Incidents with a gap: a later version received while an earlier one is missing. */
    public Uni<List<String>> withGaps(SqlClient client) {
        return client.query("select incident_id from incident_event_log group by incident_id"
                        + " having count(*) <> max(version) order by incident_id")
                .execute()
                .map(rows -> SqlRows.list(rows, row -> row.getString("incident_id")));
    }

    /** The ids of incidents in the log after {@code after} (null: from the first), in order, at most {@code limit}. */
    public Uni<List<String>> incidentsAfter(SqlClient client, String after, int limit) {
        return client.preparedQuery("select distinct incident_id from incident_event_log where incident_id > $1"
                        + " order by incident_id limit $2")
                .execute(Tuple.of(after == null ? "" : after, limit))
                .map(rows -> SqlRows.list(rows, row -> row.getString("incident_id")));
    }

    public Uni<Long> count(SqlClient client) {
        return client.query("select count(*) as events from incident_event_log").execute()
                .map(rows -> rows.iterator().next().getLong("events"));
    }

    private static IncidentEvent event(Row row) {
        return (IncidentEvent) EventJson.read(row.getString("data"),
                MessageTypes.byCeType(row.getString("type")).orElseThrow().payloadType());
    }
}
