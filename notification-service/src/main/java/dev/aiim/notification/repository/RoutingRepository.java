package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.notification.domain.RoutingPolicy;
import dev.aiim.notification.domain.VersionedRouting;
import dev.aiim.platform.persistence.UniqueViolation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The one routing document ({@link RoutingPolicyEntity}); the defaults stand until an admin saves one. Joins
 * the caller's Panache session or transaction.
 */
@ApplicationScoped
public class RoutingRepository {

    public Uni<VersionedRouting> current() {
        return RoutingPolicyEntity.<RoutingPolicyEntity>findById(RoutingPolicyEntity.ID).map(entity -> entity == null
                ? new VersionedRouting(RoutingPolicy.defaults(), 0, null, null)
                : new VersionedRouting(EventJson.read(entity.data, RoutingPolicy.class), entity.version,
                entity.updatedAt.toInstant(), entity.updatedBy));
    }

    /** Saves the document if it is still at {@code expectedVersion}; false when another change came first. */
    public Uni<Boolean> save(RoutingPolicy policy, long expectedVersion, String by, Instant at) {
        return RoutingPolicyEntity.<RoutingPolicyEntity>findById(RoutingPolicyEntity.ID, LockModeType.PESSIMISTIC_WRITE)
                .chain(found -> {
                    long version = found == null ? 0 : found.version;
                    if (version != expectedVersion) {
                        return Uni.createFrom().item(false);
                    }
                    RoutingPolicyEntity entity = found == null ? new RoutingPolicyEntity() : found;
                    entity.id = RoutingPolicyEntity.ID;
                    entity.data = EventJson.write(policy);
                    entity.version = expectedVersion + 1;
                    entity.updatedAt = at.atOffset(ZoneOffset.UTC);
                    entity.updatedBy = by;
                    // the first save of two racing ones inserts; the other hears a conflict, not a 500
                    return entity.persistAndFlush().replaceWith(true)
                            .onFailure(UniqueViolation::isCause).recoverWithItem(false);
                });
    }
}
