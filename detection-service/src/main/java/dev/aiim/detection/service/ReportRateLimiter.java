package dev.aiim.detection.service;

import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most N reports per client address per window (in this instance); the next gets 429 with Retry-After. */
@ApplicationScoped
public class ReportRateLimiter {

    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();
    private final DetectionConfig config;
    private final Clock clock;

    public ReportRateLimiter(DetectionConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void admit(String clientAddress) {
        Instant now = clock.instant();
        Duration window = config.reports().rateWindow();
        Deque<Instant> times = recent.computeIfAbsent(clientAddress, a -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
                times.pollFirst();
            }
            if (times.size() >= config.reports().rateLimit()) {
                long retryAfter = Math.max(1, Duration.between(now, times.peekFirst().plus(window)).toSeconds());
                throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS, "Too many reports from this address;"
                        + " try again in " + retryAfter + " s", Map.of("Retry-After", String.valueOf(retryAfter)));
            }
            times.addLast(now);
        }
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> e.getValue().isEmpty());
        }
    }
}
