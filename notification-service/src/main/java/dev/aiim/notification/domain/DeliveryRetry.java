package dev.aiim.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: exponential backoff ({@code base} doubled per attempt, at most
 * {@code cap}) with full jitter, so that many deliveries failing together do not retry together; never
 * sooner than the channel's {@code Retry-After}; and not at all after {@code maxAttempts} (then the
 * delivery is failed, and a page moves to its alternate channel).
 */
public record DeliveryRetry(Duration base, Duration cap, int maxAttempts) {

    public static final DeliveryRetry DEFAULT = new DeliveryRetry(Duration.ofSeconds(5), Duration.ofMinutes(10), 6);

    public DeliveryRetry {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("base > 0, cap >= base, maxAttempts >= 1");
        }
    }

    /**
     * After attempt number {@code attempt} (1 for the first) failed at {@code now}: when to try again, or
     * empty when that was the last attempt.
     */
    public Optional<Instant> nextAttempt(int attempt, Instant now, Duration retryAfter, RandomGenerator random) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        long ceiling = base.toMillis() << Math.min(attempt - 1, 30);
        ceiling = Math.min(ceiling, cap.toMillis());
        long delay = random.nextLong(ceiling / 2, ceiling + 1); // "equal jitter": at least half the backoff
        if (retryAfter != null && retryAfter.toMillis() > delay) {
            delay = retryAfter.toMillis();
        }
        return Optional.of(now.plusMillis(delay));
    }
}
