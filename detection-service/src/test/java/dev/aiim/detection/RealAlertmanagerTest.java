package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus Alertmanager (Debian's package, prepared by {@code deploy/local/platform test} as
 * {@code AIIM_ALERTMANAGER_BIN}) with a webhook receiver pointing at the intake and the integration's
 * bearer token in its {@code http_config}: an alert posted to its API arrives on Kafka as a detection,
 * and its resolution follows.
 */
@QuarkusTest
class RealAlertmanagerTest {

    @Inject
    Integrations integrations;

    @TestHTTPResource("/api/v1/intake/alertmanager")
    URL intake;

    @Test
    void an_alert_posted_to_alertmanager_becomes_a_detection_and_its_resolution_follows() throws Exception {
        String binary = System.getenv("AIIM_ALERTMANAGER_BIN");
        assumeTrue(binary != null && Files.isExecutable(Path.of(binary)),
                "AIIM_ALERTMANAGER_BIN is not set; deploy/local/platform test prepares it");
        Integrations.Issued am = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null);
        Path dir = Files.createTempDirectory("alertmanager");
        int port = freePort();
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: aiim
                  group_by: ['alertname']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: aiim
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: %s
                """.formatted(intake, am.token()));
        Process alertmanager = new ProcessBuilder(binary, "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v2/alerts";
            awaitReady("http://127.0.0.1:" + port + "/-/ready");
            String marker = "disparity-" + UUID.randomUUID();
            Instant startsAt = Instant.now().minusSeconds(60);
            given().contentType(ContentType.JSON).body(alert(marker, startsAt, null)).post(api).then().statusCode(200);

            List<ConsumerRecord<String, String>> raised = KafkaTestClient.readUntil(Topics.DETECTIONS,
                    r -> r.value().contains(marker) && "detection.raised.v1".equals(KafkaTestClient.header(r, "ce_type")),
                    Duration.ofSeconds(30));
            assertThat(raised).as("Alertmanager log: %s", log(dir)).hasSize(1);
            DetectionRaised detection = EventJson.read(raised.get(0).value(), DetectionRaised.class);
            assertThat(detection.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
            assertThat(detection.suggestedSeverity()).isEqualTo(Severity.SEV1);
            assertThat(detection.systemId()).isEqualTo("credit-scoring");

            given().contentType(ContentType.JSON).body(alert(marker, startsAt, Instant.now().minusSeconds(1)))
                    .post(api).then().statusCode(200);
            List<ConsumerRecord<String, String>> resolved = KafkaTestClient.readUntil(Topics.DETECTIONS,
                    r -> (detection.detectionId() + ":resolved").equals(KafkaTestClient.header(r, "ce_id")),
                    Duration.ofSeconds(30));
            assertThat(resolved).as("Alertmanager log: %s", log(dir)).hasSize(1);
            assertThat(EventJson.read(resolved.get(0).value(), DetectionResolved.class).detectionId())
                    .isEqualTo(detection.detectionId());
        } finally {
            alertmanager.destroy();
            alertmanager.waitFor();
        }
    }

    private static String alert(String marker, Instant startsAt, Instant endsAt) {
        return """
                [{"labels": {"alertname": "ApprovalRateDisparity-%1$s", "ai_system": "credit-scoring",
                   "category": "fairness", "severity": "critical"},
                  "annotations": {"summary": "Approval rate for 60+ collapsed (%1$s)"},
                  "startsAt": "%2$s"%3$s}]""".formatted(marker, startsAt,
                endsAt == null ? "" : ", \"endsAt\": \"" + endsAt + "\"");
    }

    private static void awaitReady(String url) {
        await("Alertmanager ready at " + url).atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> given().get(url).statusCode() == 200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
