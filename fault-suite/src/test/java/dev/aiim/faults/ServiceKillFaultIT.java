package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.faults.FaultPlatform.Service;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.INCIDENT;
import static dev.aiim.faults.FaultPlatform.Service.REPORTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 3: each service in turn is killed ({@code kill -9}) while four senders post signals, and started again
 * as Kubernetes would restart it. Its consumers resume from their last commit (what they applied and had not
 * committed comes again and is applied once: fault 12, a crash between processing and commit, for each consumer),
 * and the consumer group hands the dead member's partitions over within the session timeout (6 s, not Kafka's
 * 45 s). Every accepted signal is on its incident once, and reporting counts each incident once.
 *
 * <p>Time to recover runs from the restart to new work done by the killed service: for detection- and
 * incident-service a new signal on its incident; for reporting-service that signal's incident counted; for
 * notification-service its consumer group caught up with everything sent until then (commits come every few
 * seconds, so this one is an upper bound).
 */
class ServiceKillFaultIT {

    /** About 15 signals a second: a load this machine keeps up with, so that recovery is not a growing backlog. */
    private static final Duration PAUSE = Duration.ofMillis(250);

    /** The services on the path from an alert to its incident: in every CI run. */
    @Tag("ci")
    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"DETECTION", "INCIDENT"})
    void a_service_on_the_alert_path_killed_mid_stream_resumes_where_it_was(Service service) {
        killMidStream(service);
    }

    /** The services downstream of the incident: in the full suite (deploy/local/platform faults). */
    @Tag("full")
    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"NOTIFICATION", "REPORTING"})
    void a_service_downstream_of_the_incident_killed_mid_stream_resumes_where_it_was(Service service) {
        killMidStream(service);
    }

    private static void killMidStream(Service service) {
        FaultRun run = FaultRun.of("kill-" + service.name().toLowerCase(), 10);
        FaultPlatform platform = FaultPlatform.get();
        Instant restarted;
        Duration startup;
        CompletableFuture<Duration> recovery;
        try (SignalLoad load = run.load(4, PAUSE)) {
            load.awaitRequests(100);
            platform.kill(service);
            load.awaitRequests(50);
            restarted = Instant.now();
            platform.launch(service);
            recovery = run.recoveryFrom(restarted, () -> {
                if (service == Service.REPORTING) {
                    awaitReported(run.probeSystem, 1);
                } else if (service == Service.NOTIFICATION) {
                    platform.awaitCaughtUp(service, Duration.ofMinutes(3));
                }
            });
            platform.awaitReady(service);
            startup = Duration.between(restarted, Instant.now());
            load.awaitRequests(100);
        }
        Reconciliation reconciliation = Reconciliation.ofSignals(run.ledger, run.allSystems(), Duration.ofMinutes(3));
        Map<String, Integer> incidents = incidentsPerSystem(run.allSystems());
        incidents.forEach(ServiceKillFaultIT::awaitReported);

        run.conclude(3, service.module.module + " killed (kill -9) mid-stream, started again",
                "4 senders, signals for 10 systems", reconciliation, FaultRun.seconds(recovery.join())
                        + " from the restart to new work done (ready after " + FaultRun.seconds(startup) + ")",
                ServiceKillFaultIT.class);
    }

    private static Map<String, Integer> incidentsPerSystem(List<String> systems) {
        Map<String, Integer> incidents = new HashMap<>();
        for (String system : systems) {
            incidents.put(system, CLIENT.expect(200, "responder", "GET", INCIDENT.url("/api/v1/incidents?systemId="
                    + system), null).get("total").asInt());
        }
        return incidents;
    }

    /** Waits until reporting counts exactly {@code expected} incidents for the system (never more). */
    private static void awaitReported(String system, int expected) {
        JsonNode summary = await("reporting to count " + expected + " incident(s) of " + system)
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> CLIENT.expect(200, "leadership", "GET", REPORTING.url("/api/v1/metrics/summary?systemId="
                        + system), null), s -> s.get("incidentCount").asInt() >= expected);
        assertThat(summary.get("incidentCount").asInt()).as("incidents of %s counted by reporting", system)
                .isEqualTo(expected);
    }
}
