package dev.aiim.contracts;

import java.time.Duration;
import java.time.Instant;

/**
 * The bounds on a time that a person or a sender reports (when they noticed a harm, when it began, when it was
 * detected): not in the future, beyond a little clock skew, and at most a year back. Such times become the
 * incident's start and so its time to detect; an unbounded one would let anyone skew the platform's metrics.
 */
public final class ReportedTimes {

    /** How far ahead of the service's clock a reported time may be (clocks of different machines differ). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** How far back a reported time may be. */
    public static final Duration MAX_AGE = Duration.ofDays(365);

    private ReportedTimes() {
    }

    /** What is wrong with {@code at} as a reported time at {@code now}, in words for a 400; null when nothing is. */
    public static @Nullable String problem(Instant at, Instant now) {
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            return "must not be in the future (now is " + now + ")";
        }
        if (at.isBefore(now.minus(MAX_AGE))) {
            return "must be within the last 365 days (not before " + now.minus(MAX_AGE) + ")";
        }
        return null;
    }

    public static boolean plausible(Instant at, Instant now) {
        return problem(at, now) == null;
    }
}
