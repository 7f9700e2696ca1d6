package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.messaging.DetectionRelay;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.detection.repository.MaintenanceRepository;
import dev.aiim.detection.repository.MaintenanceRepository.Suppressed;
import dev.aiim.detection.repository.MaintenanceRepository.Window;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Planned maintenance of an AI system: while a window is open, its alerts and monitor detections (or one
 * integration's alerts only) are recorded and listed with the window but not sent, so they open no incident and
 * page nobody (the gate is {@link DetectionOutbox#detections}). When the window ends, at its end or early, the
 * held-back detections still open are sent after all, with their original times: a problem that outlives the
 * maintenance is not lost. Checked on the monitor scheduler's rounds.
 */
@ApplicationScoped
public class MaintenanceWindows {

    private static final Logger LOG = Logger.getLogger(MaintenanceWindows.class);
    /** The longest window: maintenance that runs for weeks is an outage to manage, not to hide. */
    public static final Duration MAX_LENGTH = Duration.ofDays(14);

    public record Request(@Nullable Instant start, @Nullable Instant end, @Nullable String reason,
                          @Nullable String integrationId) {
    }

    /** A window with what it held back. */
    public record Held(Window window, List<Suppressed> suppressed) {
    }

    private final Pool pool;
    private final MaintenanceRepository windows;
    private final DetectionOutbox outbox;
    private final DetectionRelay relay;
    private final Telemetry systems;
    private final IntakeDirectory directory;
    private final Clock clock;

    public MaintenanceWindows(Pool pool, MaintenanceRepository windows, DetectionOutbox outbox, DetectionRelay relay,
                              Telemetry systems, IntakeDirectory directory, Clock clock) {
        this.pool = pool;
        this.windows = windows;
        this.outbox = outbox;
        this.relay = relay;
        this.systems = systems;
        this.directory = directory;
        this.clock = clock;
    }

    public Uni<Held> create(String systemId, @Nullable Request r, String by) {
        Instant now = clock.instant();
        check(r, now);
        if (r.integrationId() != null && directory.byId(r.integrationId()).isEmpty()) {
            throw new InvalidRequestException("integrationId", "is not an integration");
        }
        Window window = new Window(UUID.randomUUID(), systemId, r.integrationId(), r.start(), r.end(),
                r.reason().strip(), by, now, null, null, null);
        return systems.system(systemId)
                .chain(() -> pool.withTransaction(c -> windows.create(c, window)))
                .invoke(() -> LOG.infof("Maintenance window %s for %s from %s to %s by %s: %s", window.windowId(),
                        systemId, window.start(), window.end(), by, window.reason()))
                .replaceWith(new Held(window, List.of()));
    }

    public Uni<List<Window>> list(String systemId) {
        return systems.system(systemId).chain(() -> windows.list(pool, systemId, 100));
    }

    public Uni<Held> find(String systemId, UUID windowId) {
        return windows.find(pool, windowId)
                .map(found -> found.filter(w -> w.systemId().equals(systemId)).orElseThrow(
                        () -> new ResourceNotFoundException("maintenance window", windowId.toString())))
                .chain(w -> windows.suppressed(pool, windowId).map(s -> new Held(w, s)));
    }

    /** Ends the window now; what it still holds open is sent at once. */
    public Uni<Held> end(String systemId, UUID windowId, String by) {
        Instant now = clock.instant();
        return find(systemId, windowId)
                .chain(held -> pool.withTransaction(c -> windows.end(c, windowId, by, now)).map(ended -> {
                    if (!ended) {
                        throw new ConflictException("Maintenance window " + windowId + " has already ended");
                    }
                    return held;
                }))
                .chain(() -> release(now))
                .chain(() -> find(systemId, windowId));
    }

    /** Releases every window that is over: answers the detections sent. */
    public Uni<Integer> release(Instant now) {
        return pool.withTransaction(c -> windows.over(c, now).chain(over -> Multi.createFrom().iterable(over)
                        .onItem().transformToUniAndConcatenate(w -> windows.release(c, w.windowId(), now)
                                .call(open -> outbox.send(c, open, List.of()))
                                .invoke(open -> LOG.infof("Maintenance window %s of %s is over; %d detections held back"
                                        + " were still open and are sent now", w.windowId(), w.systemId(), open.size()))
                                .map(List::size))
                        .collect().asList()
                        .map(sent -> sent.stream().mapToInt(Integer::intValue).sum())))
                .invoke(sent -> {
                    if (sent > 0) {
                        relay.wake(); // committed: the outbox has them
                    }
                });
    }

    private static void check(@Nullable Request r, Instant now) {
        if (r == null) {
            throw new InvalidRequestException("body", "must be a JSON object with start, end and reason");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.start() == null) {
            errors.add(new Problem.FieldError("start", "is required (an ISO-8601 instant)"));
        }
        if (r.end() == null) {
            errors.add(new Problem.FieldError("end", "is required (an ISO-8601 instant)"));
        } else if (!r.end().isAfter(now)) {
            errors.add(new Problem.FieldError("end", "must be in the future"));
        }
        if (r.start() != null && r.end() != null) {
            if (!r.start().isBefore(r.end())) {
                errors.add(new Problem.FieldError("end", "must be after start"));
            } else if (Duration.between(r.start(), r.end()).compareTo(MAX_LENGTH) > 0) {
                errors.add(new Problem.FieldError("end", "a maintenance window lasts at most " + MAX_LENGTH.toDays()
                        + " days"));
            }
        }
        if (r.reason() == null || r.reason().isBlank()) {
            errors.add(new Problem.FieldError("reason", "is required: what the maintenance is"));
        } else if (r.reason().length() > 1000) {
            errors.add(new Problem.FieldError("reason", "at most 1,000 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The maintenance window cannot be set as asked", errors);
        }
    }
}
