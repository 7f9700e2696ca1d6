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
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.IntakeFixtures.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The real broker is stopped (through the platform script, which keeps its data) and started again: a
 * report made meanwhile waits in the outbox and is published once Kafka is back, and an alert sent
 * meanwhile gets 503 with Retry-After and leaves nothing behind.
 */
@QuarkusTest
class KafkaOutageTest {

    private static final String SCRIPT = System.getenv("AIIM_PLATFORM_SCRIPT");

    @Inject
    Integrations integrations;

    @Test
    @TestSecurity(user = "rita", roles = "reporter")
    void while_kafka_is_stopped_reports_wait_and_alerts_are_refused_then_reports_go_out() throws Exception {
        Assumptions.assumeTrue(SCRIPT != null, "needs AIIM_PLATFORM_SCRIPT (set by deploy/local/platform test) to"
                + " stop and start the broker");
        Integrations.Issued am = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null);
        String run = UUID.randomUUID().toString();
        String receiptId;
        platform("kafka-stop");
        try {
            receiptId = given().contentType(ContentType.JSON)
                    .body("{\"description\": \"Loan denials for older applicants since this morning " + run + "\"}")
                    .post("/api/v1/reports").then().statusCode(201)
                    .body("status", equalTo("RECEIVED")).extract().path("receiptId");

            bearer(am, """
                    {"version": "4", "status": "firing", "groupKey": "{}:{}", "alerts": [{"status": "firing",
                     "labels": {"alertname": "Disparity", "category": "fairness"},
                     "annotations": {"summary": "during the outage %s"}, "fingerprint": "outage-%s"}]}"""
                    .formatted(run, run))
                    .post("/api/v1/intake/alertmanager").then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json");
            assertThat(count("select count(*) from raised_detection where dedup_key like :p", "%outage-" + run))
                    .as("a refused alert leaves no row").isZero();
            assertThat(count("select count(*) from stakeholder_report where receipt_id = :p and published_at is null",
                    receiptId)).as("the report waits in the outbox").isEqualTo(1);
        } finally {
            platform("kafka-start");
        }

        var records = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> ("report-" + receiptId).equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(90));
        DetectionRaised detection = EventJson.read(records.get(0).value(), DetectionRaised.class);
        assertThat(detection.summary()).contains(run);
        given().get("/api/v1/reports/" + receiptId).then().statusCode(200).body("status", equalTo("FORWARDED"));
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
