package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.detection.domain.monitor.CreditScoringScenario;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.detection.service.MonitorEvaluation;
import dev.aiim.detection.service.MonitorScheduler;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.TelemetryFixtures.predictions;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The credit model's Tuesday, end to end through the service: telemetry in over HTTP, evaluations at
 * chosen instants, the fairness detection on the real Kafka topic within five simulated minutes of the
 * shift, nothing raised before it, and the resolution once the model is healthy again.
 */
@QuarkusTest
class MonitorFlowTest {

    @Inject
    AiSystemRegistry registry;
    @Inject
    MonitorEvaluation evaluation;
    @Inject
    MonitorScheduler scheduler;

    private static void send(String systemId, String body) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/systems/" + systemId + "/predictions")
                .then().statusCode(202);
    }

    private MonitorEvaluation.Check evaluate(String systemId, Instant at) {
        return await(() -> evaluation.evaluate(systemId, MonitorEvaluation.Kind.SCHEDULED, at));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void the_collapse_of_one_groups_approvals_is_raised_on_kafka_within_five_minutes_and_resolved_after_recovery() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.HIGH);
        Instant start = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.HOURS);
        Instant shift = start.plus(Duration.ofMinutes(120));
        CreditScoringScenario scenario = new CreditScoringScenario(11, start, shift);
        // Two stable hours (the first one becomes the reference), then 10 minutes of the encoding change.
        send(systemId, predictions(scenario.between(start, Duration.ofMinutes(60)), "a-", true));
        send(systemId, predictions(scenario.between(start.plus(Duration.ofMinutes(60)), Duration.ofMinutes(60)), "a-",
                true));
        send(systemId, predictions(scenario.between(shift, Duration.ofMinutes(10)), "a-", true));
        given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}".formatted(start,
                start.plus(Duration.ofMinutes(60)))).put("/api/v1/systems/" + systemId + "/reference")
                .then().statusCode(200).body("records", equalTo(3600));

        // The stable second hour, every 5 minutes: every monitor judges, none raises.
        for (int minute = 65; minute <= 120; minute += 5) {
            MonitorEvaluation.Check check = evaluate(systemId, start.plus(Duration.ofMinutes(minute)));
            assertThat(check.raised()).as("raised at minute %d: %s", minute, check.results()).isEmpty();
            assertThat(check.records()).isBetween(299, 301);
        }
        assertThat(evaluate(systemId, start.plus(Duration.ofMinutes(120))).results())
                .extracting(MonitorStatus -> MonitorStatus.monitor())
                .contains("FAIRNESS", "OUTPUT_DRIFT", "INPUT_DRIFT", "DATA_QUALITY", "PERFORMANCE", "LATENCY",
                        "ERROR_RATE");

        // After the shift, every simulated minute, as the scheduler would.
        String detectionId = null;
        int minutesAfterShift = 0;
        while (detectionId == null && minutesAfterShift < 5) {
            minutesAfterShift++;
            MonitorEvaluation.Check check = evaluate(systemId, shift.plus(Duration.ofMinutes(minutesAfterShift)));
            detectionId = check.raised().isEmpty() ? null : check.raised().get(0);
        }
        assertThat(detectionId).as("raised within 5 simulated minutes of the shift").isNotNull();

        String raisedId = detectionId;
        List<ConsumerRecord<String, String>> onTopic = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> raisedId.equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(20));
        ConsumerRecord<String, String> message = onTopic.get(onTopic.size() - 1);
        assertThat(KafkaTestClient.header(message, "ce_type")).isEqualTo(MessageTypes.DETECTION_RAISED.ceType());
        DetectionRaised raised = EventJson.read(message.value(), DetectionRaised.class);
        assertThat(raised.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        assertThat(raised.suggestedSeverity()).isEqualTo(Severity.SEV1);
        assertThat(raised.systemId()).isEqualTo(systemId);
        assertThat(raised.summary()).contains("age_band").contains("60+");
        assertThat(raised.evidence()).containsEntry("monitor", "FAIRNESS").containsEntry("subject", "age_band")
                .containsEntry("protectedAttribute", true).containsKeys("value", "threshold", "window", "reference");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) raised.evidence().get("details");
        assertThat(details).containsEntry("group", "60+").containsKeys("pValue", "sampleSizes", "referenceGroup");

        given().get("/api/v1/systems/" + systemId + "/monitors/status").then().statusCode(200)
                .body("riskTier", equalTo("HIGH"))
                .body("monitors.find { it.key == 'FAIRNESS:age_band' }.state", equalTo("RAISED"))
                .body("monitors.find { it.key == 'FAIRNESS:age_band' }.detectionId", equalTo(raisedId))
                .body("monitors.find { it.key == 'FAIRNESS:age_band' }.evidence.group", equalTo("60+"))
                .body("reference.records", equalTo(3600));
        assertThat(rows("select count(*) from raised_detection where detection_id = :p", raisedId)).isEqualTo(1);
        given().get("/api/v1/systems/" + systemId + "/monitors/checks").then().statusCode(200)
                .body("raised", hasItem(1));

        // The fix: a healthy model again; three healthy windows clear it.
        Instant fixed = shift.plus(Duration.ofMinutes(10));
        CreditScoringScenario healthy = new CreditScoringScenario(12, fixed, fixed.plus(Duration.ofDays(1)));
        send(systemId, predictions(healthy.between(fixed, Duration.ofMinutes(30)), "b-", true));
        List<String> resolved = new ArrayList<>();
        for (int minute = 15; minute <= 30 && resolved.isEmpty(); minute += 5) {
            resolved.addAll(evaluate(systemId, fixed.plus(Duration.ofMinutes(minute))).resolved());
        }
        assertThat(resolved).containsExactly(raisedId);
        List<ConsumerRecord<String, String>> resolutions = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> (raisedId + ":resolved").equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(20));
        DetectionResolved resolution = EventJson.read(resolutions.get(resolutions.size() - 1).value(),
                DetectionResolved.class);
        assertThat(resolution.detectionId()).isEqualTo(raisedId);
        assertThat(resolution.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        given().get("/api/v1/systems/" + systemId + "/monitors/status").then().statusCode(200)
                .body("monitors.find { it.key == 'FAIRNESS:age_band' }.state", equalTo("OK"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void the_scheduler_evaluates_due_systems_and_records_a_proactive_check_even_when_all_is_well() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.HIGH);
        await(scheduler::tick);
        // Only this system is due (other tests' systems are left for later), so the next round takes it.
        execute("update monitor_schedule set next_evaluation_at = now() + interval '1 day', next_proactive_at ="
                + " now() + interval '1 day' where system_id <> :p", systemId);
        execute("update monitor_schedule set next_evaluation_at = now() - interval '1 minute', next_proactive_at ="
                + " now() - interval '1 minute' where system_id = :p", systemId);
        assertThat(await(scheduler::tick)).isEqualTo(1);
        given().get("/api/v1/systems/" + systemId + "/monitors/checks?kind=PROACTIVE").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("[0].records", equalTo(0))
                .body("[0].results.notes", hasItem(org.hamcrest.Matchers.startsWith("No predictions in the window")));
        given().get("/api/v1/systems/" + systemId + "/monitors/status").then().statusCode(200)
                .body("lastProactiveCheck.kind", equalTo("PROACTIVE"))
                .body("nextProactiveCheckAt", notNullValue());
        Instant next = Instant.parse(given().get("/api/v1/systems/" + systemId + "/monitors/status").then()
                .extract().path("nextProactiveCheckAt"));
        // HIGH risk: the next proactive check is a day away.
        assertThat(next).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        given().post("/api/v1/systems/" + systemId + "/monitors/evaluate").then().statusCode(200)
                .body("kind", equalTo("MANUAL")).body("checkId", notNullValue());
        // how long the runs take is an operations metric
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).contains(
                "monitor_evaluation_seconds_count{kind=\"PROACTIVE\",outcome=\"evaluated\"",
                "monitor_evaluation_seconds_count{kind=\"MANUAL\",outcome=\"evaluated\"");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_count_window_evaluates_the_latest_records_and_a_disabled_monitor_does_not_run() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        CreditScoringScenario scenario = new CreditScoringScenario(5, start, start.plus(Duration.ofDays(1)));
        send(systemId, predictions(scenario.between(start, Duration.ofMinutes(10)), "c-", false));
        given().contentType(ContentType.JSON).body("""
                        {"window": {"type": "COUNT", "records": 150}, "enabled": ["FAIRNESS", "LATENCY"]}""")
                .put("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200);
        MonitorEvaluation.Check check = evaluate(systemId, start.plus(Duration.ofMinutes(20)));
        assertThat(check.records()).isEqualTo(150);
        assertThat(check.windowFrom()).isEqualTo(start.plus(Duration.ofSeconds(600 - 150)));
        assertThat(check.results()).extracting(MonitorStatus -> MonitorStatus.monitor()).containsOnly("FAIRNESS",
                "LATENCY");
        assertThat(check.notes()).anyMatch(note -> note.startsWith("No reference window is set"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void telemetry_that_stops_arriving_raises_telemetry_silent_and_records_arriving_again_resolve_it() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        given().contentType(ContentType.JSON).body("{\"enabled\": [\"HEARTBEAT\"]}")
                .put("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200);
        Instant now = Instant.now();
        assertThat(evaluate(systemId, now).results()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo("INSUFFICIENT_DATA"));
        CreditScoringScenario scenario = new CreditScoringScenario(3, now.minus(Duration.ofMinutes(20)),
                now.plus(Duration.ofDays(1)));
        send(systemId, predictions(scenario.between(now.minus(Duration.ofMinutes(20)), Duration.ofMinutes(1)), "h-",
                false));
        assertThat(evaluate(systemId, Instant.now()).raised()).isEmpty();
        // The batch arrived 20 minutes ago as far as the store knows: longer than three evaluation periods.
        execute("update prediction_batch set received_at = received_at - interval '20 minutes' where system_id = :p",
                systemId);
        MonitorEvaluation.Check silent = evaluate(systemId, Instant.now());
        assertThat(silent.raised()).hasSize(1);
        String detectionId = silent.raised().get(0);
        List<ConsumerRecord<String, String>> onTopic = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> detectionId.equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(20));
        DetectionRaised raised = EventJson.read(onTopic.get(onTopic.size() - 1).value(), DetectionRaised.class);
        assertThat(raised.category()).isEqualTo(IncidentCategory.AVAILABILITY);
        assertThat(raised.summary()).contains("telemetry silent");
        assertThat(raised.evidence()).containsEntry("monitor", "HEARTBEAT");

        send(systemId, predictions(scenario.between(now.minus(Duration.ofMinutes(5)), Duration.ofMinutes(1)), "h2-",
                false));
        assertThat(evaluate(systemId, Instant.now()).resolved()).containsExactly(detectionId);
    }

    private static long rows(String sql, String param) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Long.class)
                .setParameter("p", param).getSingleResult())));
    }

    private static void execute(String sql, String param) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter("p", param).executeUpdate())));
    }
}
