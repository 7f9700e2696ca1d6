package dev.aiim.notification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/**
 * A row of {@code notification_outbox} written by administration work, which runs in a Panache transaction:
 * the message joins the same transaction as the change it reports. The relay reads the table through the
 * SQL client ({@link OutboxRepository}) like every other outbox row.
 */
@Entity
@Table(name = "notification_outbox")
public class OutboxMessageEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "message_id", nullable = false)
    public String messageId;

    @Column(nullable = false)
    public String type;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "occurred_at", nullable = false)
    public OffsetDateTime occurredAt;

    @Column(nullable = false)
    @ColumnTransformer(read = "cast(data as text)", write = "cast(cast(? as text) as jsonb)")
    public String data;
}
