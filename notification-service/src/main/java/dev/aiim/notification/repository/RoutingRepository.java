package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.notification.domain.RoutingPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;

/** The one routing document ({@code routing_policy}, id 1); the defaults stand until an admin saves one. */
@ApplicationScoped
public class RoutingRepository {

    public record VersionedRouting(RoutingPolicy policy, long version, Instant updatedAt, String updatedBy) {
    }

    public Uni<VersionedRouting> current() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text, version, updated_at, updated_by from routing_policy where id = 1",
                        Object[].class)
                .getResultList()
                .map(rows -> rows.isEmpty() ? new VersionedRouting(RoutingPolicy.defaults(), 0, null, null)
                        : new VersionedRouting(EventJson.read((String) rows.get(0)[0], RoutingPolicy.class),
                        ((Number) rows.get(0)[1]).longValue(), dev.aiim.platform.persistence.SqlValues.instant(rows.get(0)[2]),
                        (String) rows.get(0)[3])));
    }

    /** Saves the document if it is still at {@code expectedVersion}; false when another change came first. */
    public Uni<Boolean> save(RoutingPolicy policy, long expectedVersion, String by, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into routing_policy (id, data, version, updated_at, updated_by)"
                                + " values (1, cast(cast(:data as text) as jsonb), :next, :at, :by)"
                                + " on conflict (id) do update set data = excluded.data, version = excluded.version,"
                                + " updated_at = excluded.updated_at, updated_by = excluded.updated_by"
                                + " where routing_policy.version = :expected")
                .setParameter("data", EventJson.write(policy))
                .setParameter("next", expectedVersion + 1)
                .setParameter("expected", expectedVersion)
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("by", by)
                .executeUpdate()).map(rows -> rows == 1);
    }
}
