package dev.aiim.reporting.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.platform.persistence.SqlRows;
import dev.aiim.reporting.domain.IncidentRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code incident_record} read model, through the client (a pool, or a transaction's connection) it is given. */
@ApplicationScoped
public class IncidentRecordRepository {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    /** A stored record and the highest version received for its incident. */
    public record Stored(IncidentRecord record, long receivedVersion) {
    }

    /** Stores the record folded through {@code record.version()}, with the highest version received. */
    public Uni<Void> save(SqlClient client, IncidentRecord record, long receivedVersion, Instant now) {
        return client.preparedQuery("insert into incident_record (incident_id, data, version, received_version, stale,"
                        + " simulation, detected_at, system_id, updated_at) values ($1, $2::text::jsonb, $3, $4, $5, $6,"
                        + " $7, $8, $9) on conflict (incident_id) do update set data = excluded.data,"
                        + " version = excluded.version, received_version = excluded.received_version,"
                        + " stale = excluded.stale, simulation = excluded.simulation, detected_at = excluded.detected_at,"
                        + " system_id = excluded.system_id, updated_at = excluded.updated_at")
                .execute(Tuple.from(Arrays.asList(record.incidentId(), EventJson.write(record), record.version(),
                        receivedVersion, receivedVersion > record.version(), record.simulation(),
                        utc(record.detectedAt()), record.systemId(), utc(now))))
                .replaceWithVoid();
    }

    /** Production incidents (never simulations) detected in [from, to), either bound optional. */
    public Uni<List<IncidentRecord>> production(SqlClient client, Instant from, Instant to) {
        return client.preparedQuery("select data::text from incident_record where simulation = false"
                        + " and detected_at >= $1 and detected_at < $2 order by detected_at")
                .execute(Tuple.of(utc(from == null ? EARLIEST : from), utc(to == null ? LATEST : to)))
                .map(rows -> SqlRows.list(rows, IncidentRecordRepository::record));
    }

    /** Game-day incidents (simulations only), the newest first, at most {@code limit}. */
    public Uni<List<IncidentRecord>> drills(SqlClient client, int limit) {
        return client.preparedQuery("select data::text from incident_record where simulation = true"
                        + " order by detected_at desc limit $1")
                .execute(Tuple.of(limit))
                .map(rows -> SqlRows.list(rows, IncidentRecordRepository::record));
    }

    /** The stored record, locked for the rest of the transaction (two events of one incident never cross). */
    public Uni<Optional<Stored>> lock(SqlClient client, String incidentId) {
        return client.preparedQuery("select data::text, received_version from incident_record where incident_id = $1"
                        + " for update")
                .execute(Tuple.of(incidentId))
                .map(rows -> SqlRows.first(rows, row -> new Stored(record(row), row.getLong("received_version"))));
    }

    public Uni<Optional<IncidentRecord>> find(SqlClient client, String incidentId) {
        return client.preparedQuery("select data::text from incident_record where incident_id = $1")
                .execute(Tuple.of(incidentId))
                .map(rows -> SqlRows.first(rows, IncidentRecordRepository::record));
    }

    private static IncidentRecord record(Row row) {
        return EventJson.read(row.getString("data"), IncidentRecord.class);
    }
}
