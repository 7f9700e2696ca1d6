package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.IntakeFixtures.bearer;
import static dev.aiim.detection.IntakeFixtures.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The real broker is stopped (through the platform script, which keeps its data) and started again while an
 * Alertmanager keeps sending: every alert answered 202 was on the alert log and becomes exactly one detection, every
 * other request was answered 503 with Retry-After (never 500, never left hanging), and a report made meanwhile waits
 * in the detection outbox and goes out once Kafka is back.
 */
@QuarkusTest
class KafkaOutageTest {

    private static final String SCRIPT = System.getenv("AIIM_PLATFORM_SCRIPT");

    @Inject
    Integrations integrations;

    @Test
    @TestSecurity(user = "rita", roles = "reporter")
    void while_kafka_is_stopped_alerts_are_refused_and_reports_wait_and_every_accepted_alert_raises_once()
            throws Exception {
        Assumptions.assumeTrue(SCRIPT != null, "needs AIIM_PLATFORM_SCRIPT (set by deploy/local/platform test) to"
                + " stop and start the broker");
        Integrations.Issued am = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null);
        String run = UUID.randomUUID().toString();
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger last = new AtomicInteger();
        Thread sender = new Thread(() -> {
            while (sending.get()) {
                String fingerprint = "outage-" + run + "-" + sent.incrementAndGet();
                Response answer = bearer(am, alert(run, fingerprint)).post("/api/v1/intake/alertmanager");
                answers.put(fingerprint, answer.statusCode());
                last.set(answer.statusCode());
                if (answer.statusCode() == 503) {
                    answer.then().header("Retry-After", notNullValue()).contentType("application/problem+json");
                }
            }
        });
        sender.start();
        String receiptId;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answers.containsValue(202));
            platform("kafka-stop");
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answers.containsValue(503));
                receiptId = given().contentType(ContentType.JSON)
                        .body("{\"description\": \"Loan denials for older applicants since this morning " + run + "\"}")
                        .post("/api/v1/reports").then().statusCode(201)
                        .body("status", equalTo("RECEIVED")).extract().path("receiptId");
                assertThat(eventually(() -> count("select count(*) from detection_outbox where message_id = :p"
                        + " and published_at is null", "report-" + receiptId), 1))
                        .as("the report's detection waits in the outbox").isEqualTo(1);
            } finally {
                platform("kafka-start");
            }
            int before = sent.get();
            Awaitility.await("alerts accepted again").atMost(Duration.ofSeconds(90))
                    .until(() -> sent.get() > before + 20 && last.get() == 202);
        } finally {
            sending.set(false);
            sender.join(30_000);
        }

        assertThat(answers.values()).as("every request answered 202 or 503").allMatch(s -> s == 202 || s == 503);
        List<String> accepted = answers.entrySet().stream().filter(e -> e.getValue() == 202).map(Map.Entry::getKey)
                .toList();
        assertThat(answers.values()).contains(503);
        Awaitility.await("every accepted alert raised").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count("select count(distinct dedup_key) from raised_detection where dedup_key like :p",
                        "%outage-" + run + "-%") >= accepted.size());
        for (String fingerprint : accepted) {
            assertThat(count("select count(*) from raised_detection where dedup_key like :p", "%:" + fingerprint))
                    .as("alert %s, answered 202", fingerprint).isEqualTo(1);
        }
        var records = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> ("report-" + receiptId).equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(90));
        DetectionRaised detection = EventJson.read(records.get(0).value(), DetectionRaised.class);
        assertThat(detection.summary()).contains(run);
        given().get("/api/v1/reports/" + receiptId).then().statusCode(200).body("status", equalTo("FORWARDED"));
    }

    private static String alert(String run, String fingerprint) {
        return """
                {"version": "4", "status": "firing", "groupKey": "{}:{}", "alerts": [{"status": "firing",
                 "labels": {"alertname": "Disparity", "category": "fairness"}, "startsAt": "2026-11-26T08:55:00Z",
                 "annotations": {"summary": "around the outage %s"}, "fingerprint": "%s"}]}"""
                .formatted(run, fingerprint);
    }

    private static long count(String sql, String param) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Long.class)
                .setParameter("p", param).getSingleResult())));
    }

    private static void platform(String command) throws IOException, InterruptedException {
        // the tests' own broker, never the platform's
        Process process = new ProcessBuilder(SCRIPT, command, "test").inheritIO().start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(command + " finished").isTrue();
        assertThat(process.exitValue()).as(command + " exit status").isZero();
    }
}
