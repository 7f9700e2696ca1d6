package dev.aiim.platform.aisystem;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.AiSystemRegistered;
import dev.aiim.contracts.aisystem.AiSystemUpdated;
import dev.aiim.platform.messaging.ReceivedMessage;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A service's copy of the AI-system registry, kept from {@code aiim.ai-systems.v1} in its own {@code ai_system}
 * table ({@code id, version, client_name, data}): the newest version of each system wins, so a replayed or
 * reordered message changes nothing. Works through the client (the consumer's transaction) it is given.
 */
@ApplicationScoped
public class AiSystemReplica {

    /** Keeps the system a registry message carries, if it is newer than the copy. */
    public Uni<Void> apply(SqlClient client, ReceivedMessage message) {
        AiSystem system = message.type() == MessageTypes.AI_SYSTEM_REGISTERED
                ? message.data(AiSystemRegistered.class).system() : message.data(AiSystemUpdated.class).system();
        return remember(client, system);
    }

    public Uni<Void> remember(SqlClient client, AiSystem system) {
        return client.preparedQuery("insert into ai_system (id, version, client_name, data) values ($1, $2, $3,"
                        + " $4::text::jsonb) on conflict (id) do update set version = excluded.version,"
                        + " client_name = excluded.client_name, data = excluded.data"
                        + " where ai_system.version < excluded.version")
                .execute(Tuple.from(Arrays.asList(system.id(), system.version(),
                        system.client() == null ? null : system.client().name(), EventJson.write(system))))
                .replaceWithVoid();
    }

    /** The systems serving a client (by its name, case-insensitive). */
    public Uni<Set<String>> ofClient(SqlClient client, String clientName) {
        return client.preparedQuery("select id from ai_system where lower(client_name) = lower($1)")
                .execute(Tuple.of(clientName))
                .map(rows -> new HashSet<>(SqlRows.list(rows, row -> row.getString("id"))));
    }

    public Uni<Optional<AiSystem>> find(SqlClient client, String systemId) {
        if (systemId == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return client.preparedQuery("select data::text as data from ai_system where id = $1")
                .execute(Tuple.of(systemId))
                .map(rows -> SqlRows.first(rows, row -> EventJson.read(row.getString("data"), AiSystem.class)));
    }
}
