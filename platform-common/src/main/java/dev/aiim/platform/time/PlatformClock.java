package dev.aiim.platform.time;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The injectable {@link Clock} of every service: real UTC time plus an offset that an admin can move
 * forward on a game day. Inject {@code Clock}; never call {@code Instant.now()} directly.
 */
@Singleton
public class PlatformClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public PlatformClock() {
        this(Clock.systemUTC());
    }

    PlatformClock(Clock base) {
        this.base = base;
    }

    public Duration offset() {
        return offset;
    }

    void offset(Duration offset) {
        this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(base, offset).withZone(zone);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }
}
