package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.detection.service.IntegrationHeartbeats;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The dead-man's switch: an Alertmanager integration that promises its Watchdog alert every minute, silent for
 * longer, raises "integration silent" on the real topic; its Watchdog alert resolves it, and opens no incident
 * of its own.
 */
@QuarkusTest
class IntegrationHeartbeatTest {

    @Inject
    IntegrationHeartbeats heartbeats;

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_silent_integration_raises_availability_and_its_watchdog_alert_resolves_it() {
        IntakeFixtures.registered("credit-scoring");
        var created = given().contentType(ContentType.JSON).body("""
                        {"name": "prod alertmanager %s", "type": "ALERTMANAGER", "systemId": "credit-scoring",
                         "heartbeatInterval": "PT1M"}""".formatted(UUID.randomUUID()))
                .post("/api/v1/integrations").then().statusCode(201).body("heartbeatInterval", equalTo("PT1M"))
                .extract().jsonPath();
        String id = created.getString("id");
        String token = created.getString("token");

        // Two minutes after it was created, nothing heard: silent.
        assertThat(await(() -> heartbeats.check(Instant.now().plus(Duration.ofMinutes(2))))).isPositive();
        ConsumerRecord<String, String> raisedRecord = onTopic(r -> r.value().contains("heartbeat:integration:" + id)
                && MessageTypes.DETECTION_RAISED.ceType().equals(KafkaTestClient.header(r, "ce_type")));
        DetectionRaised raised = EventJson.read(raisedRecord.value(), DetectionRaised.class);
        assertThat(raised.category()).isEqualTo(IncidentCategory.AVAILABILITY);
        assertThat(raised.suggestedSeverity()).isEqualTo(Severity.SEV2);
        assertThat(raised.summary()).contains("is silent").contains("PT1M");
        assertThat(raised.correlationKey()).isEqualTo("credit-scoring:AVAILABILITY");
        assertThat(raised.integrationId()).isEqualTo(id);
        // Checked again while still silent: nothing new.
        assertThat(await(() -> heartbeats.check(Instant.now().plus(Duration.ofMinutes(3))))).isZero();

        // The Watchdog alert arrives: heard from again, and no detection of its own.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(watchdog())
                .post("/api/v1/intake/alertmanager").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> await(() -> heartbeats.check(Instant.now())) > 0);
        ConsumerRecord<String, String> resolvedRecord = onTopic(r -> r.value().contains(raised.detectionId())
                && MessageTypes.DETECTION_RESOLVED.ceType().equals(KafkaTestClient.header(r, "ce_type")));
        assertThat(EventJson.read(resolvedRecord.value(), DetectionResolved.class).summary()).contains("heard from again");
        // The only detection of this integration is its silence: the Watchdog alert was a heartbeat, not an alert.
        Long detections = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(*) from raised_detection where data ->> 'integrationId' = :id", Long.class)
                .setParameter("id", id).getSingleResult())));
        assertThat(detections).isEqualTo(1L);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void the_promise_is_checked_changed_and_withdrawn_through_the_api() {
        problem(given().contentType(ContentType.JSON).body("""
                {"name": "too eager", "type": "ALERTMANAGER", "heartbeatInterval": "PT5S"}""")
                .post("/api/v1/integrations"), 400, "validation");
        String id = given().contentType(ContentType.JSON).body("""
                        {"name": "grafana %s", "type": "GRAFANA"}""".formatted(UUID.randomUUID()))
                .post("/api/v1/integrations").then().statusCode(201).body("heartbeatInterval", nullValue())
                .extract().path("id");
        given().contentType(ContentType.JSON).body("{\"heartbeatInterval\": \"PT10M\"}")
                .put("/api/v1/integrations/" + id + "/heartbeat").then().statusCode(200)
                .body("heartbeatInterval", equalTo("PT10M"));
        given().get("/api/v1/integrations/" + id).then().body("heartbeatInterval", equalTo("PT10M"));
        given().contentType(ContentType.JSON).body("{\"heartbeatInterval\": null}")
                .put("/api/v1/integrations/" + id + "/heartbeat").then().statusCode(200)
                .body("heartbeatInterval", nullValue());
        problem(given().contentType(ContentType.JSON).body("{\"heartbeatInterval\": \"PT1M\"}")
                .put("/api/v1/integrations/no-such/heartbeat"), 404, "not-found");
    }

    private static String watchdog() {
        return """
                {"version": "4", "groupKey": "{}:{alertname=\\"Watchdog\\"}", "truncatedAlerts": 0, "status": "firing",
                 "receiver": "aiim", "groupLabels": {"alertname": "Watchdog"},
                 "commonLabels": {"alertname": "Watchdog", "severity": "none"}, "commonAnnotations": {},
                 "externalURL": "http://alertmanager.example:9093",
                 "alerts": [{"status": "firing", "labels": {"alertname": "Watchdog", "severity": "none"},
                   "annotations": {"summary": "An alert that should always be firing"},
                   "startsAt": "2026-03-17T08:55:00Z", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://prometheus.example/graph", "fingerprint": "watchdog-%s"}]}"""
                .formatted(UUID.randomUUID());
    }

    private static ConsumerRecord<String, String> onTopic(java.util.function.Predicate<ConsumerRecord<String, String>> which) {
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(Topics.DETECTIONS, which,
                Duration.ofSeconds(20));
        return records.get(records.size() - 1);
    }
}
