package dev.aiim.notification.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryRetryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final DeliveryRetry RETRY = DeliveryRetry.DEFAULT;

    @Test
    void the_backoff_doubles_within_its_jitter_band_up_to_the_cap() {
        SplittableRandom random = new SplittableRandom(1);
        long[][] bands = {{2_500, 5_000}, {5_000, 10_000}, {10_000, 20_000}, {20_000, 40_000}, {40_000, 80_000}};
        for (int attempt = 1; attempt <= 5; attempt++) {
            for (int i = 0; i < 200; i++) {
                long delay = RETRY.nextAttempt(attempt, NOW, null, random).orElseThrow().toEpochMilli() - NOW.toEpochMilli();
                assertThat(delay).as("attempt %d", attempt).isBetween(bands[attempt - 1][0], bands[attempt - 1][1]);
            }
        }
        DeliveryRetry long_ = new DeliveryRetry(Duration.ofSeconds(5), Duration.ofMinutes(10), 40);
        long capped = long_.nextAttempt(30, NOW, null, random).orElseThrow().toEpochMilli() - NOW.toEpochMilli();
        assertThat(capped).isBetween(300_000L, 600_000L);
    }

    @Test
    void retry_after_is_honoured_and_the_last_attempt_ends_it() {
        SplittableRandom random = new SplittableRandom(2);
        assertThat(RETRY.nextAttempt(1, NOW, Duration.ofSeconds(90), random)).contains(NOW.plusSeconds(90));
        assertThat(RETRY.nextAttempt(5, NOW, null, random)).isPresent();
        assertThat(RETRY.nextAttempt(6, NOW, null, random)).isEmpty();
    }

    @Test
    void jitter_spreads_deliveries_that_failed_together() {
        SplittableRandom random = new SplittableRandom(3);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> RETRY.nextAttempt(3, NOW, null, random).orElseThrow()).distinct().count();
        assertThat(distinct).isGreaterThan(90);
    }
}
