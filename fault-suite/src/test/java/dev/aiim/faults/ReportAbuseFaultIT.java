package dev.aiim.faults;

import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.DETECTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 10: the report form abused across two replicas of detection-service (as behind a load
 * balancer): 40 reports from one address, sent at once, half to each replica. The rate limit (5 per address per
 * 10 minutes) holds in total, not per replica: exactly 5 receipts, 35 answered 429 with {@code Retry-After}, and
 * each receipt readable from either replica. (A 503, the shared database out of connections, is sent again.)
 */
@Tag("ci")
class ReportAbuseFaultIT {

    private static final int REPORTS = 40;
    private static final int LIMIT = 5;
    private static final int REPLICA_PORT = 28091;

    /**
     * Sends one report; a 503 (the database busy: the running platform shares it) is sent again after a pause,
     * as a browser's user would, so that every report ends as a receipt or a 429.
     */
    private static HttpResponse<String> report(FaultRun run, String base, String description) {
        HttpResponse<String> answer;
        int attempts = 0;
        do {
            if (attempts++ > 0) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
            answer = CLIENT.call("reporter", "POST", base + "/api/v1/reports", Map.of("systemId", run.systems.get(0),
                    "description", description), "X-Forwarded-For", run.clientAddress);
            run.ledger.answered(answer.statusCode());
        } while (answer.statusCode() == 503 && attempts < 20);
        return answer;
    }

    @Test
    void the_report_rate_limit_holds_across_two_replicas() throws Exception {
        FaultRun run = FaultRun.of("reports", 1);
        FaultPlatform platform = FaultPlatform.get();
        Process replica = platform.launchReplica(FaultPlatform.Service.DETECTION, REPLICA_PORT);
        List<String> receipts = new ArrayList<>();
        List<String> noRetryAfter = new ArrayList<>();
        try {
            CLIENT.token("reporter"); // fetched once before the race
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                String base = i % 2 == 0 ? DETECTION.url("") : "http://127.0.0.1:" + REPLICA_PORT;
                String description = "The assistant quoted another customer's order " + run.id + " #" + i;
                Thread sender = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    HttpResponse<String> answer = report(run, base, description);
                    synchronized (receipts) {
                        if (answer.statusCode() == 201) {
                            receipts.add(PlatformClient.read(answer.body()).get("receiptId").asText());
                        } else if (answer.statusCode() == 429 && answer.headers().firstValue("Retry-After").isEmpty()) {
                            noRetryAfter.add(answer.body());
                        }
                    }
                });
                senders.add(sender);
                sender.start();
            }
            go.countDown();
            for (Thread sender : senders) {
                sender.join();
            }
            for (String receipt : receipts) {
                for (String base : List.of(DETECTION.url(""), "http://127.0.0.1:" + REPLICA_PORT)) {
                    CLIENT.expect(200, "reporter", "GET", base + "/api/v1/reports/" + receipt, null);
                }
            }
        } finally {
            FaultPlatform.stopReplica(replica);
        }

        ReliabilityTable.record(new ReliabilityTable.Row(10, "Report form abused across two replicas of "
                + "detection-service: " + REPORTS + " reports from one address at once, half to each",
                run.ledger.tally() + " (limit " + LIMIT + " per address per 10 minutes)", receipts.size(), 0, 0,
                run.ledger.serverErrors(), "-", getClass().getSimpleName()));
        assertThat(receipts).as("receipts in total across both replicas: %s", run.ledger.tally()).hasSize(LIMIT);
        assertThat(run.ledger.count(429)).as("every other report refused: %s", run.ledger.tally())
                .isEqualTo(REPORTS - LIMIT);
        assertThat(noRetryAfter).as("429 answers without Retry-After").isEmpty();
        assertThat(run.ledger.serverErrors()).as(run.ledger.tally()).isZero();
    }
}
