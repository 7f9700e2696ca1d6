package dev.aiim.detection.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.platform.messaging.Outbox;
import dev.aiim.platform.persistence.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.aiim.platform.persistence.UniqueViolation;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The registry ({@link AiSystemEntity}) as the domain sees it; joins the caller's Panache session or transaction. */
@ApplicationScoped
public class AiSystemRepository {

    /** Inserts a new system; false when the id is taken. */
    public Uni<Boolean> insert(AiSystem system, String by, Instant at) {
        return AiSystemEntity.<AiSystemEntity>findById(system.id()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(false);
            }
            AiSystemEntity entity = new AiSystemEntity();
            entity.id = system.id();
            entity.version = system.version();
            entity.data = EventJson.write(system);
            entity.createdAt = utc(at);
            entity.updatedAt = entity.createdAt;
            entity.updatedBy = by;
            return entity.persistAndFlush().replaceWith(true)
                    .onFailure(UniqueViolation::isCause).recoverWithItem(false);
        });
    }

    /**
     * The system, locked until the transaction ends: read this way first, so the row lock is taken by the
     * query that loads it (two changes to one system queue instead of crossing).
     */
    public Uni<Optional<AiSystem>> lock(String systemId) {
        return AiSystemEntity.<AiSystemEntity>findById(systemId, LockModeType.PESSIMISTIC_WRITE)
                .map(entity -> Optional.ofNullable(entity).map(AiSystemRepository::system));
    }

    /** Replaces a system if it is still at {@code expectedVersion}; false when another change came first. */
    public Uni<Boolean> replace(AiSystem system, long expectedVersion, String by, Instant at) {
        return AiSystemEntity.<AiSystemEntity>findById(system.id()).chain(entity -> {
            if (entity == null || entity.version != expectedVersion) {
                return Uni.createFrom().item(false);
            }
            entity.version = system.version();
            entity.data = EventJson.write(system);
            entity.updatedAt = utc(at);
            entity.updatedBy = by;
            return entity.persistAndFlush().replaceWith(true);
        });
    }

    /**
     * Queues a registry change's message in the caller's Panache transaction, through the session's own connection,
     * so the outbox row commits with the change or not at all.
     */
    public Uni<Void> queue(Outbox.Entry entry) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into " + DetectionOutbox.TABLE
                        + " (message_id, type, message_key, occurred_at, data) values (?1, ?2, ?3, ?4,"
                        + " cast(cast(?5 as text) as jsonb)) on conflict (message_id) do nothing")
                .setParameter(1, entry.messageId())
                .setParameter(2, MessageTypes.of(entry.data().getClass()).ceType())
                .setParameter(3, entry.key())
                .setParameter(4, utc(entry.occurredAt()))
                .setParameter(5, EventJson.write(entry.data()))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Optional<AiSystem>> find(String systemId) {
        return AiSystemEntity.<AiSystemEntity>findById(systemId)
                .map(entity -> Optional.ofNullable(entity).map(AiSystemRepository::system));
    }

    public Uni<List<AiSystem>> list() {
        return AiSystemEntity.<AiSystemEntity>listAll(Sort.by("id"))
                .map(all -> all.stream().map(AiSystemRepository::system).toList());
    }

    /**
     * Which of {@code ids} are registered. Intake asks on every alert that names a system, so this is one
     * statement on the reactive SQL client, without a session (as intake authentication reads integrations).
     */
    /** The ids of every registered system. */
    public Uni<Set<String>> ids(SqlClient client) {
        return client.query("select system_id from ai_system").execute()
                .map(rows -> Set.copyOf(SqlRows.list(rows, row -> row.getString("system_id"))));
    }

    public Uni<Set<String>> registeredAmong(SqlClient client, Set<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return client.preparedQuery("select system_id from ai_system where system_id = any($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> Set.copyOf(SqlRows.list(rows, row -> row.getString("system_id"))));
    }

    private static AiSystem system(AiSystemEntity entity) {
        return EventJson.read(entity.data, AiSystem.class);
    }
}
