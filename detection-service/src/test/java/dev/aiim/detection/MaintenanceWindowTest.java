package dev.aiim.detection;

import dev.aiim.contracts.Topics;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import dev.aiim.detection.service.MaintenanceWindows;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.IntakeFixtures.bearer;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Planned maintenance: the alerts of a system under maintenance are recorded but never reach the topic; one that
 * resolves within the window is never sent; one still firing when the window ends is sent then, and the window
 * lists all of them.
 */
@QuarkusTest
class MaintenanceWindowTest {

    @Inject
    Integrations integrations;
    @Inject
    MaintenanceWindows windows;

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void alerts_during_maintenance_open_nothing_and_what_is_still_firing_at_the_end_is_sent_then() {
        String systemId = "maint-" + UUID.randomUUID().toString().substring(0, 8);
        IntakeFixtures.registered(systemId);
        Integrations.Issued sender = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, systemId);
        Instant now = Instant.now();
        JsonPath created = given().contentType(ContentType.JSON).body("""
                        {"start": "%s", "end": "%s", "reason": "Retraining the credit model"}"""
                        .formatted(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(2))))
                .post("/api/v1/systems/" + systemId + "/maintenance-windows").then().statusCode(201)
                .body("status", equalTo("ACTIVE")).extract().jsonPath();
        String windowId = created.getString("windowId");
        String url = "/api/v1/systems/" + systemId + "/maintenance-windows/" + windowId;

        bearer(sender, alert("firing", "still-firing", systemId)).post("/api/v1/intake/alertmanager").then()
                .statusCode(202);
        bearer(sender, alert("firing", "flapping", systemId)).post("/api/v1/intake/alertmanager").then()
                .statusCode(202);
        bearer(sender, alert("resolved", "flapping", systemId)).post("/api/v1/intake/alertmanager").then()
                .statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().get(url).then().extract().jsonPath().getList("suppressed.state", String.class)
                        .containsAll(List.of("HELD", "RESOLVED")));
        JsonPath during = given().get(url).then().statusCode(200).extract().jsonPath();
        assertThat(during.getInt("suppressedCount")).isEqualTo(2);
        String held = during.getString("suppressed.find { it.state == 'HELD' }.detectionId");
        String resolved = during.getString("suppressed.find { it.state == 'RESOLVED' }.detectionId");
        // Recorded, never queued for the topic.
        assertThat(count("select count(*) from raised_detection where detection_id in (:a, :b)", held, resolved))
                .isEqualTo(2);
        assertThat(count("select count(*) from detection_outbox where message_id like :a || '%' or message_id like :b"
                + " || '%'", held, resolved)).isZero();

        // Ended early: the alert still firing is sent now, the resolved one never.
        given().post(url + "/end").then().statusCode(200).body("status", equalTo("ENDED"))
                .body("suppressed.find { it.detectionId == '%s' }.state".formatted(held), equalTo("RELEASED"))
                .body("suppressed.find { it.detectionId == '%s' }.state".formatted(resolved), equalTo("RESOLVED"));
        KafkaTestClient.readUntil(Topics.DETECTIONS, r -> held.equals(KafkaTestClient.header(r, "ce_id")),
                Duration.ofSeconds(20));
        assertThat(count("select count(*) from detection_outbox where message_id like :a || '%' or message_id like :b"
                + " || '%'", resolved, resolved)).isZero();
        problem(given().post(url + "/end"), 409, "conflict");

        // After the window, the same system's alerts go through again.
        bearer(sender, alert("firing", "after", systemId)).post("/api/v1/intake/alertmanager").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> count(
                "select count(*) from detection_outbox o join raised_detection d on o.message_id = d.detection_id"
                        + " where d.dedup_key like :a and d.system_id = :b", "%after-" + systemId + "%", systemId)
                == 1);
        given().get("/api/v1/systems/" + systemId + "/maintenance-windows").then().statusCode(200)
                .body("[0].windowId", equalTo(windowId)).body("[0].status", equalTo("ENDED"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_window_is_checked_before_it_is_kept() {
        String systemId = "maint-" + UUID.randomUUID().toString().substring(0, 8);
        IntakeFixtures.registered(systemId);
        String url = "/api/v1/systems/" + systemId + "/maintenance-windows";
        Instant now = Instant.now();
        problem(given().contentType(ContentType.JSON).body("""
                {"start": "%s", "end": "%s"}""".formatted(now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(1))))
                .post(url), 400, "validation").body("errors.field", hasItems("end", "reason"));
        problem(given().contentType(ContentType.JSON).body("""
                {"start": "%s", "end": "%s", "reason": "x"}""".formatted(now, now.plus(Duration.ofDays(30))))
                .post(url), 400, "validation");
        problem(given().contentType(ContentType.JSON).body("""
                {"start": "%s", "end": "%s", "reason": "x", "integrationId": "int-nope"}""".formatted(now,
                now.plus(Duration.ofHours(1)))).post(url), 400, "validation");
        problem(given().contentType(ContentType.JSON).body("""
                {"start": "%s", "end": "%s", "reason": "x"}""".formatted(now, now.plus(Duration.ofHours(1))))
                .post("/api/v1/systems/no-such-system/maintenance-windows"), 404, "not-found");
        given().contentType(ContentType.JSON).body("""
                        {"start": "%s", "end": "%s", "reason": "Database upgrade"}""".formatted(
                        now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1).plusHours(2))))
                .post(url).then().statusCode(201).body("status", equalTo("SCHEDULED"));
        problem(given().get(url + "/" + UUID.randomUUID()), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "rosa", roles = "responder")
    void a_responder_reads_windows_but_does_not_plan_them() {
        problem(given().contentType(ContentType.JSON).body("{}").post("/api/v1/systems/any/maintenance-windows"),
                403, "forbidden");
    }

    private static long count(String sql, String a, String b) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery(sql, Long.class).setParameter("a", a).setParameter("b", b).getSingleResult())));
    }

    private static String alert(String status, String fingerprint, String system) {
        return """
                {"version": "4", "groupKey": "{}:{alertname=\\"ModelErrors\\"}", "truncatedAlerts": 0,
                 "status": "%1$s", "receiver": "aiim", "groupLabels": {"alertname": "ModelErrors"},
                 "commonLabels": {"alertname": "ModelErrors", "ai_system": "%3$s"}, "commonAnnotations": {},
                 "externalURL": "http://alertmanager.example:9093",
                 "alerts": [{"status": "%1$s", "labels": {"alertname": "ModelErrors", "severity": "critical"},
                   "annotations": {"summary": "Errors of %2$s"}, "startsAt": "2026-03-17T08:55:00Z",
                   "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus.example/graph",
                   "fingerprint": "%2$s-%3$s"}]}""".formatted(status, fingerprint, system);
    }
}
