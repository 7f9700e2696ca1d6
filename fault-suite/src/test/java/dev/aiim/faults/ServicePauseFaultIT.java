package dev.aiim.faults;

import dev.aiim.faults.FaultPlatform.Service;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/**
 * Fault 4: a service is frozen ({@code SIGSTOP}) for 30 s under load, then thawed ({@code SIGCONT}): a long GC
 * pause, a starved node. Its sockets stay open and it answers nothing; its consumer group takes its partitions
 * away after the session timeout, and it must notice on waking, join again and carry on, its uncommitted work
 * applied once. Senders whose requests hung time out and send again.
 */
@Tag("full")
class ServicePauseFaultIT {

    private static final Duration PAUSE = Duration.ofMillis(250);

    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"DETECTION", "INCIDENT"})
    void a_service_frozen_for_30_seconds_carries_on_when_thawed(Service service) {
        FaultRun run = FaultRun.of("pause-" + service.name().toLowerCase(), 10);
        FaultPlatform platform = FaultPlatform.get();
        Instant thawed;
        CompletableFuture<Duration> recovery;
        try (SignalLoad load = run.load(4, PAUSE)) {
            load.awaitRequests(100);
            platform.pause(service);
            Instant frozen = Instant.now();
            await("30 s frozen").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Duration.between(frozen, Instant.now()).toSeconds() >= 30);
            platform.resume(service);
            thawed = Instant.now();
            recovery = run.recoveryFrom(thawed);
            load.awaitRequests(100);
        }
        Reconciliation reconciliation = Reconciliation.ofSignals(run.ledger, run.allSystems(), Duration.ofMinutes(3));

        run.conclude(4, service.module.module + " frozen (SIGSTOP) for 30 s under load, then thawed (SIGCONT)",
                "4 senders, signals for 10 systems", reconciliation, FaultRun.seconds(recovery.join())
                        + " from the thaw to a new signal on its incident", getClass());
    }
}
