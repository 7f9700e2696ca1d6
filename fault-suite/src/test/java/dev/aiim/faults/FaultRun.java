package dev.aiim.faults;

import dev.aiim.system.story.PlatformClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.DETECTION;
import static org.assertj.core.api.Assertions.assertThat;

/** One fault's own AI systems, its intake credentials, its ledger, and the probe that times recovery. */
final class FaultRun {

    final String id = UUID.randomUUID().toString().substring(0, 8);
    final Ledger ledger = new Ledger();
    final List<String> systems = new ArrayList<>();
    final String token;
    /** Where this run's stakeholder reports come from (X-Forwarded-For), so that runs do not share a rate limit. */
    final String clientAddress = "10." + ThreadLocalRandom.current().nextInt(256) + "."
            + ThreadLocalRandom.current().nextInt(256) + "." + (1 + ThreadLocalRandom.current().nextInt(254));
    /** A system of its own for the recovery probe, so that its incident holds nothing else. */
    final String probeSystem;

    private FaultRun(String name, int systemCount) {
        for (int i = 0; i < systemCount; i++) {
            systems.add(register(name + "-" + id + "-" + i));
        }
        probeSystem = register(name + "-" + id + "-probe");
        // an integration bound to no system speaks for every registered one (a shared Alertmanager)
        token = CLIENT.expect(201, "admin", "POST", DETECTION.url("/api/v1/integrations"), Map.of("name",
                "fault suite " + name + " " + id, "type", "GENERIC")).get("token").asText();
    }

    /** Registers {@code systemCount} AI systems and a probe system named after the fault. */
    static FaultRun of(String name, int systemCount) {
        FaultPlatform.get();
        return new FaultRun(name, systemCount);
    }

    private static String register(String system) {
        CLIENT.expect(201, "admin", "POST", DETECTION.url("/api/v1/systems"), Map.of("id", system, "name", system,
                "ownerTeam", "fault-suite", "riskTier", "STANDARD", "knownGoodVersions", List.of(),
                "dataCategories", List.of(), "jurisdictions", List.of()));
        return system;
    }

    /** Every system of the run, the probe's included. */
    List<String> allSystems() {
        List<String> all = new ArrayList<>(systems);
        all.add(probeSystem);
        return all;
    }

    /** {@code senders} senders, each pausing {@code pause} between alerts, over the run's systems. */
    SignalLoad load(int senders, Duration pause) {
        return SignalLoad.start(ledger, token, systems, id, senders, pause);
    }

    /**
     * Time to recover: from {@code faultEnded} until a signal sent from then on (again until one is accepted) is
     * on its incident, that is until the platform does new work end to end again, behind whatever the load queued
     * meanwhile. The probe runs beside the load, from the moment the fault ends; join the answer after the load.
     */
    CompletableFuture<Duration> recoveryFrom(Instant faultEnded) {
        return recoveryFrom(faultEnded, () -> { });
    }

    /**
     * The same, then until {@code alsoDone} returns: the work of a service downstream of the incident (counting
     * the probe's incident, catching up with the topics) that a restart of that service held up.
     */
    CompletableFuture<Duration> recoveryFrom(Instant faultEnded, Runnable alsoDone) {
        CompletableFuture<Duration> recovery = new CompletableFuture<>();
        Thread probe = new Thread(() -> {
            try {
                recovery(faultEnded);
                alsoDone.run();
                recovery.complete(Duration.between(faultEnded, Instant.now()));
            } catch (Throwable e) {
                recovery.completeExceptionally(e);
            }
        }, "recovery-probe");
        probe.setDaemon(true);
        probe.start();
        return recovery;
    }

    private void recovery(Instant faultEnded) {
        String detectionId = null;
        while (detectionId == null) {
            detectionId = SignalLoad.post(ledger, token, probeSystem, id + "-probe");
            if (detectionId == null) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            if (Duration.between(faultEnded, Instant.now()).toMinutes() >= 3) {
                throw new AssertionError("no signal was accepted for 3 minutes after the fault ended");
            }
        }
        String probe = detectionId;
        System.out.printf("[recovery] probe %s accepted %s after the fault's end%n", probe,
                seconds(Duration.between(faultEnded, Instant.now())));
        PlatformClient.await("the probe signal " + probe + " on its incident", Duration.ofMinutes(3),
                () -> Reconciliation.signalsOnIncidents(List.of(probeSystem)).containsKey(probe)
                        ? Optional.of(true) : Optional.empty());
    }

    /**
     * The fault's end: its row in the reliability table (the ledger's tally and the reconciliation's counts), then
     * the promise checked: nothing accepted lost or doubled, nothing present that was not accepted, no 5xx.
     */
    void conclude(int number, String fault, String load, Reconciliation reconciliation, String recovery,
                  Class<?> test) {
        ReliabilityTable.record(new ReliabilityTable.Row(number, fault, load + ": " + ledger.tally()
                + reconciliation.note(), reconciliation.accepted(), reconciliation.lost(), reconciliation.duplicated(),
                ledger.serverErrors(), recovery, test.getSimpleName()));
        assertThat(reconciliation.lost()).as(reconciliation.summary()).isZero();
        assertThat(reconciliation.duplicated()).as(reconciliation.summary()).isZero();
        assertThat(reconciliation.phantoms()).as(reconciliation.summary()).isZero();
        assertThat(ledger.serverErrors()).as(ledger.tally()).isZero();
    }

    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
