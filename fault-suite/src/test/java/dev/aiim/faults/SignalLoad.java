package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.system.story.PlatformClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static dev.aiim.faults.FaultPlatform.Service.DETECTION;
import static org.awaitility.Awaitility.await;

/**
 * Monitoring senders posting signals ({@code POST /api/v1/intake/signals}) for a set of AI systems, each with a
 * dedup key of its own, each sender pausing between alerts (a load this machine keeps up with, so that the time
 * to recover measures the fault, not a backlog that grows anyway). Every 202 goes into the ledger with the system
 * whose incident must carry it. A sender that gets no answer, a 503 or any other refusal sends the same alert
 * (same dedup key) again until it is accepted, as Alertmanager does; stopping lets each sender finish the alert
 * it is on.
 */
final class SignalLoad implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Ledger ledger;
    private final String token;
    private final List<String> systems;
    private final String run;
    private final Duration pause;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile boolean running = true;

    private SignalLoad(Ledger ledger, String token, List<String> systems, String run, Duration pause) {
        this.pause = pause;
        this.ledger = ledger;
        this.token = token;
        this.systems = systems;
        this.run = run;
    }

    /** {@code senders} threads posting until {@link #close()}, each pausing {@code pause} between alerts. */
    static SignalLoad start(Ledger ledger, String token, List<String> systems, String run, int senders,
                            Duration pause) {
        SignalLoad load = new SignalLoad(ledger, token, systems, run, pause);
        for (int i = 0; i < senders; i++) {
            Thread sender = new Thread(load::send, "signal-sender-" + i);
            sender.setDaemon(true);
            load.senders.add(sender);
            sender.start();
        }
        return load;
    }

    /** When every signal of the suite says its problem began: with its dedup key it names the occurrence. */
    private static final Instant OCCURRED = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

    /** Posts one signal for {@code system}; answers its detection id once accepted (202), else null. */
    static String post(Ledger ledger, String token, String system, String dedupKey) {
        // dedupKey and occurredAt name the occurrence: a retry is the same detection, whose id the answer names
        String body = PlatformClient.write(Map.of("systemId", system, "category", "PERFORMANCE_DEGRADATION",
                "summary", "Fault-suite signal " + dedupKey, "severityHint", "SEV3", "dedupKey", dedupKey,
                "occurredAt", OCCURRED.toString()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(DETECTION.url("/api/v1/intake/signals")))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ledger.unanswered();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ledger.unanswered();
            return null;
        }
        ledger.answered(response.statusCode());
        if (response.statusCode() != 202) {
            return null;
        }
        JsonNode accepted = PlatformClient.read(response.body());
        String detectionId = accepted.at("/detectionIds/0").asText();
        ledger.accepted(detectionId, system);
        return detectionId;
    }

    private void send() {
        while (running) {
            int n = sequence.incrementAndGet();
            String system = systems.get(n % systems.size());
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
            while (post(ledger, token, system, run + "-" + n) == null && Instant.now().isBefore(giveUp)) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            LockSupport.parkNanos(pause.toNanos());
        }
    }

    /** Waits until {@code more} further requests have been answered (or not): the load is really running. */
    void awaitRequests(int more) {
        int target = ledger.requests() + more;
        await("the load to send " + more + " more requests").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50)).until(() -> ledger.requests() >= target);
    }

    /** Stops the senders; each finishes the alert it is on. */
    @Override
    public void close() {
        running = false;
        for (Thread sender : senders) {
            try {
                sender.join(Duration.ofMinutes(4).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
