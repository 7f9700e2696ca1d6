package dev.aiim.detection.service;

import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.repository.ReportAdmissionRepository;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most N reports per client address per window, counted in PostgreSQL so that every replica of the service
 * shares one count; the next report gets 429 with Retry-After. A client's turn is taken under a transaction-scoped
 * advisory lock, so that concurrent reports on two replicas cannot both take the last slot. Addresses are kept
 * only as hashes.
 */
@ApplicationScoped
public class ReportRateLimiter {

    /** Every so many admissions, the rows that left every window are deleted. */
    private static final long PRUNE_EVERY = 100;

    private final ReportAdmissionRepository admissions;
    private final DetectionConfig config;
    private final Pool pool;
    private final Clock clock;
    private final AtomicLong admitted = new AtomicLong();

    public ReportRateLimiter(ReportAdmissionRepository admissions, DetectionConfig config, Pool pool, Clock clock) {
        this.admissions = admissions;
        this.config = config;
        this.pool = pool;
        this.clock = clock;
    }

    /** Admits one report from the address, or fails with a 429 problem saying when to try again. */
    public Uni<Void> admit(String clientAddress) {
        String key = key(clientAddress);
        Instant now = clock.instant();
        Duration window = config.reports().rateWindow();
        Instant windowStart = now.minus(window);
        return pool.withTransaction(client -> admissions.lock(client, key)
                .chain(() -> admissions.since(client, key, windowStart))
                .chain(recent -> {
                    if (recent.count() >= config.reports().rateLimit()) {
                        long retryAfter = Math.max(1, Duration.between(now, recent.oldest().plus(window)).toSeconds());
                        return Uni.createFrom().failure(new ProblemException(ProblemKind.TOO_MANY_REQUESTS,
                                "Too many reports from this address; try again in " + retryAfter + " s",
                                Map.of("Retry-After", String.valueOf(retryAfter))));
                    }
                    Uni<Void> prune = admitted.incrementAndGet() % PRUNE_EVERY == 0
                            ? admissions.forget(client, windowStart) : Uni.createFrom().voidItem();
                    return prune.chain(() -> admissions.admit(client, key, now));
                }));
    }

    private static String key(String clientAddress) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("report-client:" + clientAddress).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
