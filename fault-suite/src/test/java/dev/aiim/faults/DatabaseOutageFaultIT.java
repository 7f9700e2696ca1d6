package dev.aiim.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2: PostgreSQL goes away for every service at once (each open connection cut, each new one told "the
 * database system is starting up", as during a restart) for three seconds of load, while four senders post
 * signals for 20 systems. The data-loss defect: detections accepted during a restart were dead-lettered
 * by incident-service's consumer. Now: intake does not touch the database (an accepted alert is durable on the alert
 * log), so senders keep hearing 202; deduplication and the consumers behind the log pause and retry; every accepted
 * signal on its incident once.
 */
@Tag("ci")
class DatabaseOutageFaultIT {

    private static final Duration PAUSE = Duration.ofMillis(50);

    @Test
    void the_database_away_under_signal_load_is_503s_and_retries_and_nothing_lost() {
        FaultRun run = FaultRun.of("database", 20);
        FaultPlatform platform = FaultPlatform.get();
        Instant ended;
        CompletableFuture<Duration> recovery;
        try (SignalLoad load = run.load(4, PAUSE)) {
            load.awaitRequests(300);
            platform.database().outage();
            Instant down = Instant.now();
            await("three seconds of load against a database that is starting up").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> Duration.between(down, Instant.now()).toMillis() >= 3000
                            && platform.database().refusedConnections() > 0);
            platform.database().restore();
            ended = Instant.now();
            recovery = run.recoveryFrom(ended);
            load.awaitRequests(300);
        }
        Reconciliation reconciliation = Reconciliation.ofSignals(run.ledger, run.allSystems(), Duration.ofMinutes(3));

        run.conclude(2, "PostgreSQL away for 3 s under load (every connection cut; new ones answered FATAL 57P03 "
                + "\"starting up\")", "4 senders, signals for 20 systems", reconciliation, FaultRun.seconds(
                recovery.join()) + " from the database's return to a new signal on its incident", getClass());
        assertThat(run.ledger.count(202)).as("every request answered 202: %s", run.ledger.tally())
                .isEqualTo(run.ledger.requests());
    }
}
