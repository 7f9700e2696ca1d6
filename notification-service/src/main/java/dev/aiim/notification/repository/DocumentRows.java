package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.platform.persistence.JsonDocumentEntity;
import dev.aiim.platform.persistence.UniqueViolation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The administration resources kept whole as JSON documents ({@link JsonDocumentEntity}: people, on-call
 * schedules, escalation policies), read and written as their domain records. Joins the caller's Panache session
 * or transaction.
 */
@ApplicationScoped
public class DocumentRows {

    public enum Table {
        PERSON(PersonEntity.class, PersonEntity::new),
        SCHEDULE(OnCallScheduleEntity.class, OnCallScheduleEntity::new),
        ESCALATION_POLICY(EscalationPolicyEntity.class, EscalationPolicyEntity::new);

        final Class<? extends JsonDocumentEntity> entity;
        final Supplier<JsonDocumentEntity> fresh;

        Table(Class<? extends JsonDocumentEntity> entity, Supplier<JsonDocumentEntity> fresh) {
            this.entity = entity;
            this.fresh = fresh;
        }
    }

    /** Inserts a document; false when the id is taken. */
    public Uni<Boolean> insert(Table table, String id, Object document, Instant at) {
        return entity(table, id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(false);
            }
            JsonDocumentEntity entity = table.fresh.get();
            entity.id = id;
            entity.data = EventJson.write(document);
            entity.createdAt = at.atOffset(ZoneOffset.UTC);
            entity.updatedAt = entity.createdAt;
            return entity.persistAndFlush().replaceWith(true)
                    .onFailure(UniqueViolation::isCause).recoverWithItem(false);
        });
    }

    /** Replaces a document; false when there is none with that id. */
    public Uni<Boolean> replace(Table table, String id, Object document, Instant at) {
        return entity(table, id).map(existing -> {
            if (existing == null) {
                return false;
            }
            existing.data = EventJson.write(document);
            existing.updatedAt = at.atOffset(ZoneOffset.UTC);
            return true;
        });
    }

    public <T> Uni<Optional<T>> find(Table table, String id, Class<T> type) {
        return entity(table, id).map(entity -> Optional.ofNullable(entity).map(e -> EventJson.read(e.data, type)));
    }

    public <T> Uni<List<T>> list(Table table, Class<T> type) {
        return Panache.getSession().chain(session -> session
                        .createSelectionQuery("from " + table.entity.getSimpleName() + " order by id", table.entity)
                        .getResultList())
                .map(all -> all.stream().map(entity -> EventJson.read(entity.data, type)).toList());
    }

    public Uni<Boolean> delete(Table table, String id) {
        return entity(table, id).chain(existing -> existing == null ? Uni.createFrom().item(false)
                : existing.delete().replaceWith(true));
    }

    private Uni<JsonDocumentEntity> entity(Table table, String id) {
        return Panache.getSession().chain(session -> session.find(table.entity, id))
                .map(JsonDocumentEntity.class::cast);
    }
}
