package dev.aiim.platform.time;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * The service clock's one row ({@code platform_clock}): reference data an admin edits through the API, so a Panache
 * entity. {@code version} is the ETag a client sends back in If-Match; each change adds one.
 */
@Entity
@Table(name = "platform_clock")
public class PlatformClockRow extends PanacheEntityBase {

    /** The table holds exactly this row. */
    public static final short ID = 1;

    @Id
    public short id;

    @Column(name = "offset_seconds", nullable = false)
    public long offsetSeconds;

    @Column(nullable = false)
    public long version;

    @Column(name = "changed_by")
    public String changedBy;

    @Column(name = "changed_at")
    public OffsetDateTime changedAt;

    public String reason;
}
