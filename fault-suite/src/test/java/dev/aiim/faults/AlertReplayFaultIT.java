package dev.aiim.faults;

import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.DETECTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 7: two Alertmanager replicas (an HA pair) deliver the same alert group, each 100 times, at once. One
 * detection: every answer names it, the topic carries one {@code detection.raised}, the incident one signal.
 */
@Tag("ci")
class AlertReplayFaultIT {

    private static final int SENDERS = 2;
    private static final int REPLAYS = 100;

    @Test
    void the_same_group_replayed_by_two_senders_at_once_is_one_detection() throws Exception {
        FaultRun run = FaultRun.of("replay", 1);
        String system = run.systems.get(0);
        String token = CLIENT.expect(201, "admin", "POST", DETECTION.url("/api/v1/integrations"), Map.of("name",
                "alertmanager ha pair " + run.id, "type", "ALERTMANAGER", "systemId", system)).get("token").asText();
        String group = """
                {"version": "4", "groupKey": "{}:{alertname=\\"ApprovalRateDisparity\\"}", "truncatedAlerts": 0,
                 "status": "firing", "receiver": "aiim", "groupLabels": {"alertname": "ApprovalRateDisparity"},
                 "commonLabels": {"alertname": "ApprovalRateDisparity", "ai_system": "%1$s"},
                 "commonAnnotations": {}, "externalURL": "http://alertmanager.example:9093",
                 "alerts": [{"status": "firing", "labels": {"severity": "critical", "group": "age_60_plus"},
                   "annotations": {"summary": "Approval rate for 60+ is 0.2 of the reference group"},
                   "startsAt": "2026-11-26T08:55:00Z", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://prometheus.example/graph", "fingerprint": "replay-%1$s"}]}"""
                .formatted(system);
        Set<String> detectionIds = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            Thread sender = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < REPLAYS; i++) {
                        HttpResponse<String> answer = CLIENT.http().send(HttpRequest.newBuilder(URI.create(
                                DETECTION.url("/api/v1/intake/alertmanager"))).header("Content-Type",
                                "application/json").header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(group)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        run.ledger.answered(answer.statusCode());
                        if (answer.statusCode() == 202) {
                            detectionIds.add(PlatformClient.read(answer.body()).at("/detectionIds/0").asText());
                        }
                    }
                } catch (Exception e) {
                    run.ledger.unanswered();
                }
            });
            senders.add(sender);
            sender.start();
        }
        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(run.ledger.count(202)).as(run.ledger.tally()).isEqualTo(SENDERS * REPLAYS);
        assertThat(detectionIds).as("every answer names the one detection").hasSize(1);
        run.ledger.accepted(detectionIds.iterator().next(), system);
        Reconciliation reconciliation = Reconciliation.ofSignals(run.ledger, List.of(system), Duration.ofMinutes(2));

        run.conclude(7, "The same Alertmanager group replayed 100 times by each of 2 senders at once",
                "2 senders, one detection named in every answer", reconciliation, "-", getClass());
    }
}
