package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Administration resources kept as one JSON document per row ({@code person}, {@code on_call_schedule},
 * {@code escalation_policy}): each table has {@code id, data, created_at, updated_at}. Joins the caller's
 * transaction. Table names come from {@link Table}, never from a request.
 */
@ApplicationScoped
public class DocumentRows {

    public enum Table {
        PERSON("person"), SCHEDULE("on_call_schedule"), ESCALATION_POLICY("escalation_policy");

        final String name;

        Table(String name) {
            this.name = name;
        }
    }

    /** Inserts a document; false when the id is taken. */
    public Uni<Boolean> insert(Table table, String id, Object document, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into " + table.name + " (id, data, created_at, updated_at)"
                                + " values (:id, cast(cast(:data as text) as jsonb), :at, :at) on conflict do nothing")
                .setParameter("id", id)
                .setParameter("data", EventJson.write(document))
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** Replaces a document; false when there is none with that id. */
    public Uni<Boolean> replace(Table table, String id, Object document, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update " + table.name + " set data = cast(cast(:data as text) as jsonb), updated_at = :at"
                                + " where id = :id")
                .setParameter("id", id)
                .setParameter("data", EventJson.write(document))
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate()).map(rows -> rows == 1);
    }

    public <T> Uni<Optional<T>> find(Table table, String id, Class<T> type) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from " + table.name + " where id = :id", String.class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(json -> EventJson.read(json, type))));
    }

    public <T> Uni<List<T>> list(Table table, Class<T> type) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text from " + table.name + " order by id", String.class)
                .getResultList()
                .map(rows -> rows.stream().map(json -> EventJson.read(json, type)).toList()));
    }

    public Uni<Boolean> delete(Table table, String id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from " + table.name + " where id = :id")
                .setParameter("id", id)
                .executeUpdate()).map(rows -> rows == 1);
    }
}
