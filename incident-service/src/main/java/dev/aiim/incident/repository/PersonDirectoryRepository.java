package dev.aiim.incident.repository;

import dev.aiim.contracts.people.DirectoryPerson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.aiim.platform.persistence.SqlRows.list;
import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code person_directory} table (the replica of {@code aiim.people.v1}), through the client it is given. */
@ApplicationScoped
public class PersonDirectoryRepository {

    public Uni<Void> remember(SqlClient client, DirectoryPerson person, Instant changedAt) {
        return client.preparedQuery("insert into person_directory (person_id, name, senior_leader, changed_at)"
                        + " values ($1, $2, $3, $4) on conflict (person_id) do update set name = excluded.name,"
                        + " senior_leader = excluded.senior_leader, changed_at = excluded.changed_at")
                .execute(Tuple.of(person.id(), person.name(), person.seniorLeader(), utc(changedAt)))
                .replaceWithVoid();
    }

    public Uni<Void> forget(SqlClient client, String personId) {
        return client.preparedQuery("delete from person_directory where person_id = $1")
                .execute(Tuple.of(personId))
                .replaceWithVoid();
    }

    /** The directory entries of those of {@code ids} the directory knows, by id. */
    public Uni<Map<String, DirectoryPerson>> find(SqlClient client, Collection<String> ids) {
        return client.preparedQuery("select person_id, name, senior_leader from person_directory"
                        + " where person_id = any($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> list(rows, PersonDirectoryRepository::person).stream()
                        .collect(Collectors.toMap(DirectoryPerson::id, Function.identity())));
    }

    /** Everyone the directory knows, by name: the console offers them for a role. */
    public Uni<List<DirectoryPerson>> all(SqlClient client) {
        return client.query("select person_id, name, senior_leader from person_directory order by name, person_id")
                .execute().map(rows -> list(rows, PersonDirectoryRepository::person));
    }

    private static DirectoryPerson person(Row row) {
        return new DirectoryPerson(row.getString("person_id"), row.getString("name"), row.getBoolean("senior_leader"));
    }
}
