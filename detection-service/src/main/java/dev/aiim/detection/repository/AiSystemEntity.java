package dev.aiim.detection.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/** A registered AI system, its description kept whole as JSON; {@code version} is its ETag. */
@Entity
@Table(name = "ai_system")
public class AiSystemEntity extends PanacheEntityBase {

    @Id
    @Column(name = "system_id")
    public String id;

    @Column(nullable = false)
    public long version;

    /**
     * As text both ways: the reactive driver would bind a Java string to {@code jsonb} as a JSON string literal.
     */
    @Column(nullable = false)
    @ColumnTransformer(read = "cast(data as text)", write = "cast(cast(? as text) as jsonb)")
    public String data;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
