package dev.aiim.detection.repository;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** Maintenance windows and the detections they held back, on the reactive SQL client. */
@ApplicationScoped
public class MaintenanceRepository {

    public record Window(UUID windowId, String systemId, @Nullable String integrationId, Instant start, Instant end,
                         String reason, String createdBy, Instant createdAt, @Nullable Instant endedAt,
                         @Nullable String endedBy, @Nullable Instant releasedAt) {

        /** Whether a detection made at {@code at} by {@code integrationId} (null: a monitor) falls in it. */
        boolean holds(Instant at, @Nullable String integrationId) {
            boolean open = !at.isBefore(start) && at.isBefore(end) && (endedAt == null || at.isBefore(endedAt));
            return open && (this.integrationId == null || this.integrationId.equals(integrationId));
        }
    }

    public record Suppressed(String detectionId, DetectionRaised detection, Instant detectedAt,
                             @Nullable Instant resolvedAt, @Nullable Instant releasedAt) {
    }

    /** What may be sent of a transaction's detections, once the windows took theirs. */
    public record Gated(List<DetectionRaised> raised, List<DetectionResolved> resolved) {
    }

    private static final String COLUMNS = "window_id, system_id, integration_id, start_at, end_at, reason, created_by,"
            + " created_at, ended_at, ended_by, released_at";

    public Uni<Void> create(SqlClient client, Window w) {
        return client.preparedQuery("insert into maintenance_window (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6,"
                        + " $7, $8, null, null, null)")
                .execute(Tuple.from(Arrays.asList(w.windowId(), w.systemId(), w.integrationId(), utc(w.start()),
                        utc(w.end()), w.reason(), w.createdBy(), utc(w.createdAt()))))
                .replaceWithVoid();
    }

    public Uni<Optional<Window>> find(SqlClient client, UUID windowId) {
        return client.preparedQuery("select " + COLUMNS + " from maintenance_window where window_id = $1")
                .execute(Tuple.of(windowId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(window(rows.iterator().next())));
    }

    /** A system's windows, latest start first. */
    public Uni<List<Window>> list(SqlClient client, String systemId, int limit) {
        return client.preparedQuery("select " + COLUMNS + " from maintenance_window where system_id = $1"
                        + " order by start_at desc limit $2")
                .execute(Tuple.of(systemId, limit))
                .map(MaintenanceRepository::windows);
    }

    /** Ends a window early; false when it had ended already. */
    public Uni<Boolean> end(SqlClient client, UUID windowId, String by, Instant at) {
        return client.preparedQuery("update maintenance_window set ended_at = $2, ended_by = $3 where window_id = $1"
                        + " and ended_at is null and end_at > $2")
                .execute(Tuple.of(windowId, utc(at), by))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Suppressed>> suppressed(SqlClient client, UUID windowId) {
        return client.preparedQuery("select detection_id, data, detected_at, resolved_at, released_at"
                        + " from suppressed_detection where window_id = $1 order by detected_at, detection_id")
                .execute(Tuple.of(windowId))
                .map(rows -> {
                    List<Suppressed> all = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        all.add(new Suppressed(r.getString(0), EventJson.read(r.getString(1), DetectionRaised.class),
                                r.getOffsetDateTime(2).toInstant(), instant(r, 3), instant(r, 4)));
                    }
                    return all;
                });
    }

    /**
     * Takes out of {@code raised} the alert and monitor detections that an open window holds (recording them with
     * it), and out of {@code resolved} the resolutions of detections held back and never sent (marking them
     * resolved). Human reports and drills always go through.
     */
    public Uni<Gated> gate(SqlClient client, List<DetectionRaised> raised, List<DetectionResolved> resolved) {
        Set<String> systems = new LinkedHashSet<>();
        for (DetectionRaised d : raised) {
            if (holdable(d)) {
                systems.add(d.systemId());
            }
        }
        Uni<List<DetectionRaised>> kept = systems.isEmpty() ? Uni.createFrom().item(raised)
                : client.preparedQuery("select " + COLUMNS + " from maintenance_window where system_id = any($1)"
                        + " and released_at is null")
                .execute(Tuple.of(systems.toArray(String[]::new)))
                .map(MaintenanceRepository::windows)
                .chain(windows -> hold(client, windows, raised));
        return kept.chain(sent -> resolved.isEmpty() ? Uni.createFrom().item(new Gated(sent, resolved))
                : client.preparedQuery("update suppressed_detection set resolved_at = t.at from unnest($1::varchar[],"
                        + " $2::timestamptz[]) as t(id, at) where detection_id = t.id and released_at is null"
                        + " returning detection_id")
                .execute(Tuple.of(resolved.stream().map(DetectionResolved::detectionId).toArray(String[]::new),
                        resolved.stream().map(r -> utc(r.resolvedAt())).toArray(OffsetDateTime[]::new)))
                .map(rows -> {
                    Set<String> heldBack = new HashSet<>();
                    rows.forEach(r -> heldBack.add(r.getString(0)));
                    return new Gated(sent, heldBack.isEmpty() ? resolved
                            : resolved.stream().filter(r -> !heldBack.contains(r.detectionId())).toList());
                }));
    }

    private static boolean holdable(DetectionRaised d) {
        return d.systemId() != null && !d.simulation()
                && (d.source() == DetectionSource.ALERT || d.source() == DetectionSource.MONITOR);
    }

    private Uni<List<DetectionRaised>> hold(SqlClient client, List<Window> windows, List<DetectionRaised> raised) {
        List<DetectionRaised> sent = new ArrayList<>(raised.size());
        List<String> ids = new ArrayList<>();
        List<UUID> windowIds = new ArrayList<>();
        List<String> data = new ArrayList<>();
        List<OffsetDateTime> at = new ArrayList<>();
        for (DetectionRaised d : raised) {
            Window holding = !holdable(d) ? null : windows.stream()
                    .filter(w -> w.systemId().equals(d.systemId()) && w.holds(d.detectedAt(), d.integrationId()))
                    .findFirst().orElse(null);
            if (holding == null) {
                sent.add(d);
            } else {
                ids.add(d.detectionId());
                windowIds.add(holding.windowId());
                data.add(EventJson.write(d));
                at.add(utc(d.detectedAt()));
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(sent);
        }
        return client.preparedQuery("insert into suppressed_detection (detection_id, window_id, data, detected_at)"
                        + " select * from unnest($1::varchar[], $2::uuid[], $3::text[], $4::timestamptz[])"
                        + " on conflict (detection_id) do nothing")
                .execute(Tuple.of(ids.toArray(String[]::new), windowIds.toArray(UUID[]::new),
                        data.toArray(String[]::new), at.toArray(OffsetDateTime[]::new)))
                .replaceWith(sent);
    }

    /** Windows over (ended early or at their end) whose held-back detections were not yet released, locked. */
    public Uni<List<Window>> over(SqlClient client, Instant now) {
        return client.preparedQuery("select " + COLUMNS + " from maintenance_window where released_at is null"
                        + " and (end_at <= $1 or ended_at is not null)"
                        + " order by end_at limit 50 for update skip locked")
                .execute(Tuple.of(utc(now)))
                .map(MaintenanceRepository::windows);
    }

    /** Marks the window released and, of its held-back detections, the ones still open; answers those. */
    public Uni<List<DetectionRaised>> release(SqlClient client, UUID windowId, Instant now) {
        return client.preparedQuery("update suppressed_detection set released_at = $2 where window_id = $1"
                        + " and resolved_at is null and released_at is null returning data")
                .execute(Tuple.of(windowId, utc(now)))
                .call(() -> client.preparedQuery("update maintenance_window set released_at = $2 where window_id = $1")
                        .execute(Tuple.of(windowId, utc(now))))
                .map(rows -> {
                    List<DetectionRaised> open = new ArrayList<>(rows.size());
                    rows.forEach(r -> open.add(EventJson.read(r.getString(0), DetectionRaised.class)));
                    return open;
                });
    }

    private static List<Window> windows(RowSet<Row> rows) {
        List<Window> windows = new ArrayList<>(rows.size());
        rows.forEach(r -> windows.add(window(r)));
        return windows;
    }

    private static Window window(Row r) {
        return new Window(r.getUUID(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3).toInstant(),
                r.getOffsetDateTime(4).toInstant(), r.getString(5), r.getString(6), r.getOffsetDateTime(7).toInstant(),
                instant(r, 8), r.getString(9), instant(r, 10));
    }

    private static Instant instant(Row r, int column) {
        return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant();
    }
}
