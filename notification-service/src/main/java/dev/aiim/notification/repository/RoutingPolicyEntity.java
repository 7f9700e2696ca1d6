package dev.aiim.notification.repository;

import dev.aiim.platform.persistence.JsonDocumentEntity;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/** The routing document's one row (id 1); {@code version} is its ETag and counts the saves. */
@Entity
@Table(name = "routing_policy")
public class RoutingPolicyEntity extends PanacheEntityBase {

    /** The table holds exactly this row. */
    public static final int ID = 1;

    @Id
    public int id;

    /** As text both ways, for the reason {@link JsonDocumentEntity} gives. */
    @Column(nullable = false)
    @ColumnTransformer(read = "cast(data as text)", write = "cast(cast(? as text) as jsonb)")
    public String data;

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
