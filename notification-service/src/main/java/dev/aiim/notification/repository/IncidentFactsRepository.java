package dev.aiim.notification.repository;

import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.notification.domain.IncidentFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.first;
import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * What routing knows about incidents, from their topic: title and description, the update cadence's state
 * and the role holders. Works through the client (a transaction of the caller) it is given.
 */
@ApplicationScoped
public class IncidentFactsRepository {

    /** A status update went out (or the cadence restarted) at {@code at}: nothing is missed any more. */
    public Uni<Void> updated(SqlClient client, String incidentId, Instant at) {
        return client.preparedQuery("update incident_snapshot set last_update_at = $1, missed_updates = 0"
                        + " where incident_id = $2")
                .execute(Tuple.of(utc(at), incidentId))
                .replaceWithVoid();
    }

    public Uni<Void> missedUpdates(SqlClient client, String incidentId, int missed) {
        return client.preparedQuery("update incident_snapshot set missed_updates = $1 where incident_id = $2")
                .execute(Tuple.of(missed, incidentId))
                .replaceWithVoid();
    }

    public Uni<Void> describe(SqlClient client, String incidentId, String title, String description) {
        return client.preparedQuery("update incident_snapshot set title = $1, description = $2 where incident_id = $3")
                .execute(Tuple.of(title, description, incidentId))
                .replaceWithVoid();
    }

    public Uni<Optional<IncidentFacts>> find(SqlClient client, String incidentId) {
        return client.preparedQuery("select incident_id, version, status, severity, system_id, simulation, title,"
                        + " description, recorded_at, last_update_at, missed_updates from incident_snapshot"
                        + " where incident_id = $1")
                .execute(Tuple.of(incidentId))
                .map(rows -> first(rows, IncidentFactsRepository::facts));
    }

    public Uni<Void> assignRole(SqlClient client, String incidentId, IncidentRole role, Person person) {
        return client.preparedQuery("insert into incident_role_holder (incident_id, role, person_id, person_name,"
                        + " person_email) values ($1, $2, $3, $4, $5) on conflict (incident_id, role)"
                        + " do update set person_id = excluded.person_id, person_name = excluded.person_name,"
                        + " person_email = excluded.person_email")
                .execute(Tuple.of(incidentId, role.name(), person.id(), person.name(), person.email()))
                .replaceWithVoid();
    }

    /** The incident's role holders, commander first. */
    public Uni<Map<IncidentRole, Person>> roleHolders(SqlClient client, String incidentId) {
        return client.preparedQuery("select role, person_id, person_name, person_email from incident_role_holder"
                        + " where incident_id = $1")
                .execute(Tuple.of(incidentId))
                .map(rows -> {
                    Map<IncidentRole, Person> holders = new EnumMap<>(IncidentRole.class);
                    for (Row row : rows) {
                        holders.put(IncidentRole.valueOf(row.getString("role")), new Person(row.getString("person_id"),
                                row.getString("person_name"), row.getString("person_email"), false));
                    }
                    return new LinkedHashMap<>(holders);
                });
    }

    private static IncidentFacts facts(Row row) {
        String severity = row.getString("severity");
        return new IncidentFacts(row.getString("incident_id"), row.getLong("version"),
                IncidentStatus.valueOf(row.getString("status")), severity == null ? null : Severity.valueOf(severity),
                row.getString("system_id"), row.getBoolean("simulation"), row.getString("title"),
                row.getString("description"), instant(row, "recorded_at"), instant(row, "last_update_at"),
                row.getInteger("missed_updates"));
    }
}
