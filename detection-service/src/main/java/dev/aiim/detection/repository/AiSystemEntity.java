package dev.aiim.detection.repository;

import dev.aiim.platform.persistence.JsonDocumentEntity;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A registered AI system, its description kept whole as JSON; {@code version} is its ETag. */
@Entity
@Table(name = "ai_system")
@AttributeOverride(name = "id", column = @Column(name = "system_id"))
public class AiSystemEntity extends JsonDocumentEntity {

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
