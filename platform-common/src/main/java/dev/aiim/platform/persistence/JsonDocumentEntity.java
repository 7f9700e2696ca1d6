package dev.aiim.platform.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/**
 * A resource an admin edits through the API, kept whole as one JSON document ({@code data}) beside its id and
 * timestamps (notification's people, schedules and escalation policies; detection's AI systems, whose id column
 * is {@code system_id}). The JSON travels as text: the reactive driver would bind a Java string to {@code jsonb}
 * as a JSON string literal, so the column is cast both ways.
 */
@MappedSuperclass
public abstract class JsonDocumentEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    @ColumnTransformer(read = "cast(data as text)", write = "cast(cast(? as text) as jsonb)")
    public String data;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
