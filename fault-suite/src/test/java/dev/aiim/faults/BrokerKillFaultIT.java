package dev.aiim.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/**
 * Fault 1: the Kafka broker is killed ({@code kill -9}) while eight senders post signals, and started again on
 * its data. While it is away the intake answers 503 with Retry-After; what was answered 202 is on the topic and
 * on its incident exactly once, and nothing answered 503 shows up anyway.
 */
@Tag("ci")
class BrokerKillFaultIT {

    private static final Duration PAUSE = Duration.ofMillis(50);

    @Test
    void a_broker_killed_under_intake_load_loses_and_doubles_nothing() {
        FaultRun run = FaultRun.of("broker", 10);
        FaultPlatform platform = FaultPlatform.get();
        Instant ended;
        CompletableFuture<Duration> recovery;
        try (SignalLoad load = run.load(8, PAUSE)) {
            load.awaitRequests(300);
            platform.killBroker();
            await("a sender told to retry later while the broker is away").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> run.ledger.count(503) > 0);
            platform.startBroker();
            ended = Instant.now();
            recovery = run.recoveryFrom(ended);
            load.awaitRequests(300);
        }
        Reconciliation reconciliation = Reconciliation.ofSignals(run.ledger, run.allSystems(), Duration.ofMinutes(3));

        run.conclude(1, "Kafka broker killed (kill -9) under intake load, started again on its data",
                "8 senders, signals for 10 systems", reconciliation, FaultRun.seconds(recovery.join())
                        + " from the broker's restart to a new signal on its incident", getClass());
    }
}
