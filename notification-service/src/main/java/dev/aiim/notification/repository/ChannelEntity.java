package dev.aiim.notification.repository;

import dev.aiim.platform.persistence.JsonDocumentEntity;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/** A notification channel: its public view as JSON ({@code data}), its URL and secret sealed apart. */
@Entity
@Table(name = "channel")
public class ChannelEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false, unique = true)
    public String name;

    /** As text both ways, for the reason {@link JsonDocumentEntity} gives. */
    @Column(nullable = false)
    @ColumnTransformer(read = "cast(data as text)", write = "cast(cast(? as text) as jsonb)")
    public String data;

    @Column(name = "sealed_url")
    public String sealedUrl;

    @Column(name = "sealed_secret")
    public String sealedSecret;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
