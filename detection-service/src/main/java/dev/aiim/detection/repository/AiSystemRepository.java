package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.aisystem.AiSystem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code ai_system} table; joins the caller's transaction. */
@ApplicationScoped
public class AiSystemRepository {

    /** Inserts a new system; false when the id is taken. */
    public Uni<Boolean> insert(AiSystem system, String by, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into ai_system (system_id, version, data, created_at, updated_at, updated_by)"
                                + " values (:id, :version, cast(cast(:data as text) as jsonb), :at, :at, :by)"
                                + " on conflict do nothing")
                .setParameter("id", system.id())
                .setParameter("version", system.version())
                .setParameter("data", EventJson.write(system))
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("by", by)
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** Replaces a system if it is still at {@code expectedVersion}; false when another change came first. */
    public Uni<Boolean> replace(AiSystem system, long expectedVersion, String by, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update ai_system set version = :version, data = cast(cast(:data as text) as jsonb),"
                                + " updated_at = :at, updated_by = :by where system_id = :id and version = :expected")
                .setParameter("id", system.id())
                .setParameter("version", system.version())
                .setParameter("expected", expectedVersion)
                .setParameter("data", EventJson.write(system))
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("by", by)
                .executeUpdate()).map(rows -> rows == 1);
    }

    public Uni<Optional<AiSystem>> find(String systemId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from ai_system where system_id = :id", String.class)
                .setParameter("id", systemId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(json -> EventJson.read(json, AiSystem.class))));
    }

    public Uni<List<AiSystem>> list() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from ai_system order by system_id", String.class)
                .getResultList()
                .map(rows -> rows.stream().map(json -> EventJson.read(json, AiSystem.class)).toList()));
    }
}
