package dev.aiim.platform.time;

import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.ETags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hibernate.LockMode;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps the clock offset in the service's own database ({@code platform_clock}, one row) so that a
 * restarted service keeps game-day time, and moves it with optimistic concurrency.
 */
@ApplicationScoped
public class ClockAdministration {

    private static final Logger LOG = Logger.getLogger(ClockAdministration.class);

    private final PlatformClock clock;
    private final ClockConfig config;

    public ClockAdministration(PlatformClock clock, ClockConfig config) {
        this.clock = clock;
        this.config = config;
    }

    void restoreOffset(@Observes StartupEvent startup) throws Throwable {
        if (!config.adjustable()) {
            return; // real time: no stored offset applies, so no query at start-up
        }
        ClockState state = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(this::load));
        if (state.offsetSeconds() != 0) {
            clock.offset(Duration.ofSeconds(state.offsetSeconds()));
            LOG.infof("Clock restored %d s ahead of real time (%s)", state.offsetSeconds(), state.reason());
        }
    }

    @WithTransaction
    public Uni<ClockState> current() {
        return load();
    }

    @WithTransaction
    public Uni<ClockState> move(MoveClock command, String ifMatch, String actor) {
        return lockedRow().chain(row -> {
            ETags.checkIfMatch(ifMatch, row.version);
            if (!config.adjustable()) {
                throw new ConflictException("This deployment's clock follows real time and cannot be moved"
                        + " (set aiim.clock.adjustable=true for game days and tests)");
            }
            if (command.offsetSeconds() < row.offsetSeconds) {
                throw new ConflictException("The clock only moves forward: the offset is " + row.offsetSeconds
                        + " s, so " + command.offsetSeconds() + " s would move time backwards; DELETE resets it");
            }
            return save(row, command.offsetSeconds(), command.reason(), actor);
        });
    }

    @WithTransaction
    public Uni<ClockState> reset(String ifMatch, String actor) {
        return lockedRow().chain(row -> {
            ETags.checkIfMatch(ifMatch, row.version);
            return save(row, 0, "reset to real time", actor);
        });
    }

    /** Changes the locked row, and the clock itself once the row is written. */
    private Uni<ClockState> save(PlatformClockRow row, long offsetSeconds, String reason, String actor) {
        row.offsetSeconds = offsetSeconds;
        row.version++;
        row.changedBy = actor;
        row.changedAt = OffsetDateTime.now(ZoneOffset.UTC);
        row.reason = reason;
        return Panache.getSession().chain(session -> session.flush()).map(flushed -> {
            clock.offset(Duration.ofSeconds(offsetSeconds));
            LOG.infof("Clock offset set to %d s by %s: %s", offsetSeconds, actor, reason);
            return state(row);
        });
    }

    /** The row, locked until the transaction ends (two moves never cross). */
    private Uni<PlatformClockRow> lockedRow() {
        return Panache.getSession().chain(session -> session.find(PlatformClockRow.class, PlatformClockRow.ID,
                LockMode.PESSIMISTIC_WRITE));
    }

    private Uni<ClockState> load() {
        return Panache.getSession().chain(session -> session.find(PlatformClockRow.class, PlatformClockRow.ID))
                .map(this::state);
    }

    private ClockState state(PlatformClockRow row) {
        return new ClockState(clock.instant(), row.offsetSeconds, config.adjustable(), row.version, row.changedBy,
                row.changedAt == null ? null : row.changedAt.toInstant(), row.reason);
    }
}
