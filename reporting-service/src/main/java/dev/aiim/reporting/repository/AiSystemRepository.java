package dev.aiim.reporting.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.aisystem.AiSystem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The {@code ai_system} table (newest version of each system); joins the caller's transaction. */
@ApplicationScoped
public class AiSystemRepository {

    public Uni<Void> remember(AiSystem system) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into ai_system (id, version, client_name, data) values (:id, :version, :client,"
                                + " cast(cast(:data as text) as jsonb)) on conflict (id) do update set version = excluded.version,"
                                + " client_name = excluded.client_name, data = excluded.data"
                                + " where ai_system.version < excluded.version")
                .setParameter("id", system.id())
                .setParameter("version", system.version())
                .setParameter("client", system.client() == null ? null : system.client().name())
                .setParameter("data", EventJson.write(system))
                .executeUpdate()).replaceWithVoid();
    }

    /** The systems serving a client (by its name, case-insensitive). */
    public Uni<Set<String>> ofClient(String clientName) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id from ai_system where lower(client_name) = lower(:client)", String.class)
                .setParameter("client", clientName)
                .getResultList()
                .map(HashSet::new));
    }

    public Uni<Optional<AiSystem>> find(String systemId) {
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
