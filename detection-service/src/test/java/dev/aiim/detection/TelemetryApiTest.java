package dev.aiim.detection;

import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.domain.monitor.CreditScoringScenario;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.detection.service.Integrations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.IntakeFixtures.bearer;
import static dev.aiim.detection.TelemetryFixtures.predictions;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The telemetry endpoints: predictions, labels, the reference window and the monitor settings. */
@QuarkusTest
class TelemetryApiTest {

    private static final Instant START = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MINUTES);

    @Inject
    AiSystemRegistry registry;
    @Inject
    Integrations integrations;

    private static List<PredictionRecord> stable(Duration span) {
        return new CreditScoringScenario(7, START, START.plus(Duration.ofDays(1))).between(START, span);
    }

    private static long stored(String table, String systemId) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select count(*) from " + table + " where system_id = :s", Long.class)
                .setParameter("s", systemId).getSingleResult())));
    }

    private static io.restassured.response.Response post(String systemId, String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/systems/" + systemId + path);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void an_unknown_system_is_404() {
        problem(post("no-such-system", "/predictions", predictions(stable(Duration.ofSeconds(3)), "a", false)), 404,
                "not-found");
        problem(given().get("/api/v1/systems/no-such-system/monitors/status"), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_batch_with_bad_records_is_refused_naming_each_and_nothing_is_stored() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        String body = """
                {"records": [
                  {"id": "ok-1", "timestamp": "2026-11-26T08:00:00Z", "prediction": "1", "features": {"income": 52000}},
                  {"id": "bad-1", "timestamp": "yesterday", "prediction": "1"},
                  {"timestamp": "2026-11-26T08:00:01Z", "score": "high", "latencyMs": -3},
                  {"id": "bad-3", "timestamp": "2026-11-26T08:00:02Z", "features": {"nested": {"a": 1}}},
                  {"id": "ok-1", "timestamp": "2026-11-26T08:00:03Z", "score": 0.4}
                ]}""";
        problem(post(systemId, "/predictions", body), 400, "validation")
                .body("errors.field", hasItems("records[1].timestamp", "records[2].id", "records[2].score",
                        "records[2].latencyMs", "records[3].prediction", "records[3].features.nested", "records[4].id"))
                .body("detail", org.hamcrest.Matchers.containsString("4 of 5 records are invalid"));
        assertThat(stored("prediction", systemId)).isZero();
        assertThat(stored("prediction_batch", systemId)).isZero();
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void with_partial_the_valid_records_are_stored_and_the_bad_ones_listed() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        String body = """
                {"records": [
                  {"id": "ok-1", "timestamp": "2026-11-26T08:00:00Z", "prediction": "approved", "error": false},
                  {"id": "bad-1", "timestamp": "2026-11-26T08:00:01Z", "error": "maybe", "prediction": 1},
                  {"id": "ok-2", "timestamp": "2026-11-26T08:00:02Z", "score": 0.91, "groups": {"age_band": "60+"}}
                ]}""";
        given().contentType(ContentType.JSON).body(body).queryParam("partial", true)
                .post("/api/v1/systems/" + systemId + "/predictions")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].errors.field", contains("error"));
        assertThat(stored("prediction", systemId)).isEqualTo(2);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_batch_of_10000_records_is_accepted_and_a_retry_is_not_counted_twice() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        String body = predictions(stable(Duration.ofSeconds(10_000)), "big-", true);
        post(systemId, "/predictions", body).then().statusCode(202)
                .body("accepted", equalTo(10_000)).body("duplicates", equalTo(0)).body("rejected", hasSize(0));
        post(systemId, "/predictions", body).then().statusCode(202)
                .body("accepted", equalTo(10_000)).body("duplicates", equalTo(10_000));
        assertThat(stored("prediction", systemId)).isEqualTo(10_000);
        assertThat(stored("prediction_batch", systemId)).isEqualTo(1);
        long minuteTotal = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select sum(records)::bigint from prediction_minute where system_id = :s", Long.class)
                .setParameter("s", systemId).getSingleResult())));
        assertThat(minuteTotal).isEqualTo(10_000);
    }

    @Test
    void the_same_new_batch_sent_at_once_by_four_senders_is_stored_once() throws Exception {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        Integrations.Issued sender = IntakeFixtures.integration(integrations, IntegrationType.TELEMETRY, systemId);
        String body = predictions(stable(Duration.ofSeconds(2_000)), "race-", false);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> bearer(sender, body).post("/api/v1/systems/" + systemId + "/predictions")
                        .then().statusCode(202).body("accepted", equalTo(2_000)).extract().<Integer>path("duplicates")));
            }
            int duplicates = 0;
            for (var answer : answers) {
                duplicates += answer.get();
            }
            assertThat(duplicates).isEqualTo(3 * 2_000);
        } finally {
            pool.shutdown();
        }
        assertThat(stored("prediction", systemId)).isEqualTo(2_000);
        assertThat(stored("prediction_batch", systemId)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void more_than_10000_records_are_refused() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        problem(post(systemId, "/predictions", predictions(stable(Duration.ofSeconds(10_001)), "x", false)), 400,
                "validation").body("errors.field", contains("records"));
        problem(post(systemId, "/predictions", "{}"), 400, "validation");
        problem(post(systemId, "/predictions", "{\"records\": [{\"id\": \"a\","), 400, "malformed-request");
        problem(post(systemId, "/predictions", "{\"records\": [1, 2]}"), 400, "validation")
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith("records[0]")));
    }

    @Test
    void a_telemetry_integration_sends_for_its_own_system_only() {
        String mine = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        String other = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        Integrations.Issued telemetry = IntakeFixtures.integration(integrations, IntegrationType.TELEMETRY, mine);
        String body = predictions(stable(Duration.ofSeconds(5)), "int-", false);
        bearer(telemetry, body).post("/api/v1/systems/" + mine + "/predictions").then().statusCode(202)
                .body("accepted", equalTo(5));
        problem(bearer(telemetry, body).post("/api/v1/systems/" + other + "/predictions"), 403, "forbidden");
        problem(given().contentType(ContentType.JSON).body(body).post("/api/v1/systems/" + mine + "/predictions"), 401,
                "unauthenticated");
        Integrations.Issued generic = IntakeFixtures.integration(integrations, IntegrationType.GENERIC, mine);
        problem(bearer(generic, body).post("/api/v1/systems/" + mine + "/predictions"), 401, "unauthenticated");
        assertThat(stored("prediction", other)).isZero();
    }

    @Test
    @TestSecurity(user = "carla", roles = "commander")
    void a_commander_reads_the_monitors_but_does_not_send_telemetry() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        problem(post(systemId, "/predictions", predictions(stable(Duration.ofSeconds(2)), "c", false)), 403,
                "forbidden");
        given().get("/api/v1/systems/" + systemId + "/monitors/status").then().statusCode(200)
                .body("systemId", equalTo(systemId));
        problem(given().contentType(ContentType.JSON).body("{}").put("/api/v1/systems/" + systemId + "/monitors"), 403,
                "forbidden");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void labels_join_their_predictions_and_a_label_for_an_unknown_prediction_refuses_the_request() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        post(systemId, "/predictions", predictions(stable(Duration.ofSeconds(3)), "l-", false)).then().statusCode(202);
        problem(post(systemId, "/labels", """
                {"labels": [{"predictionId": "l-p-0", "label": "1"}, {"predictionId": "nope", "label": "0"}]}"""),
                400, "validation").body("errors.field", contains("labels[1].predictionId"));
        assertThat(stored("prediction_label", systemId)).isZero();
        given().contentType(ContentType.JSON).queryParam("partial", true).body("""
                        {"labels": [{"predictionId": "l-p-0", "label": 1}, {"predictionId": "nope", "label": "0"},
                                    {"predictionId": "l-p-1"}]}""")
                .post("/api/v1/systems/" + systemId + "/labels").then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected.index", contains(1, 2));
        assertThat(stored("prediction_label", systemId)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void the_reference_is_a_range_of_stored_predictions_or_an_upload() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        problem(given().get("/api/v1/systems/" + systemId + "/reference"), 404, "not-found");
        post(systemId, "/predictions", predictions(stable(Duration.ofMinutes(10)), "r-", true)).then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}".formatted(START,
                        START.plus(Duration.ofMinutes(5))))
                .put("/api/v1/systems/" + systemId + "/reference").then().statusCode(200)
                .body("source", equalTo("RANGE")).body("records", equalTo(300)).body("labelled", equalTo(300))
                .body("features", hasItems("income", "debt_ratio", "region")).body("version", equalTo(1))
                .body("warnings", hasItem(org.hamcrest.Matchers.containsString("weak below 500")));
        given().contentType(ContentType.JSON).body(predictions(stable(Duration.ofSeconds(600)), "u-", true))
                .put("/api/v1/systems/" + systemId + "/reference").then().statusCode(200)
                .body("source", equalTo("UPLOAD")).body("records", equalTo(600)).body("version", equalTo(2));
        given().get("/api/v1/systems/" + systemId + "/reference").then().statusCode(200)
                .body("version", equalTo(2)).body("setBy", equalTo("ada"));
        problem(given().contentType(ContentType.JSON).body("{}").put("/api/v1/systems/" + systemId + "/reference"), 400,
                "validation").body("errors.field", contains("body"));
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"2020-01-01T00:00:00Z\","
                + " \"to\": \"2020-01-02T00:00:00Z\"}").put("/api/v1/systems/" + systemId + "/reference"), 400,
                "validation").body("errors.field", contains("from"));
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"soon\", \"to\": \"2020-01-02T00:00:00Z\"}")
                .put("/api/v1/systems/" + systemId + "/reference"), 400, "validation");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void monitor_settings_start_from_the_defaults_and_a_change_is_laid_over_them() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.HIGH);
        given().get("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200)
                .body("customised", equalTo(false)).body("version", equalTo(0))
                .body("window.type", equalTo("TIME")).body("window.duration", equalTo("PT5M"))
                .body("raiseAfter", equalTo(2)).body("fairnessRaiseAfterHighRisk", equalTo(1))
                .body("fairness.disparateImpactThreshold", equalTo(0.8f))
                .body("categoriesInForce.DATA_QUALITY", equalTo("PERFORMANCE_DEGRADATION"));
        given().contentType(ContentType.JSON).body("""
                        {"window": {"type": "COUNT", "records": 2000}, "fairness": {"minGroupSize": 100},
                         "categories": {"LATENCY": "PERFORMANCE_DEGRADATION"}, "enabled": ["FAIRNESS", "LATENCY"]}""")
                .put("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200)
                .body("customised", equalTo(true)).body("version", equalTo(1)).body("updatedBy", equalTo("ada"))
                .body("window.type", equalTo("COUNT")).body("window.records", equalTo(2000))
                .body("fairness.minGroupSize", equalTo(100))
                .body("fairness.disparateImpactThreshold", equalTo(0.8f))
                .body("categoriesInForce.LATENCY", equalTo("PERFORMANCE_DEGRADATION"))
                .body("enabled", contains("FAIRNESS", "LATENCY"));
        problem(given().contentType(ContentType.JSON).body("""
                        {"raiseAfter": 0, "fairness": {"alpha": 2}, "window": {"type": "TIME", "duration": "PT10S"}}""")
                .put("/api/v1/systems/" + systemId + "/monitors"), 400, "validation")
                .body("errors.field", hasItems("raiseAfter", "fairness.alpha", "window.duration"));
        problem(given().contentType(ContentType.JSON).body("{\"fairnes\": {}}")
                .put("/api/v1/systems/" + systemId + "/monitors"), 400, "validation")
                .body("errors.field", hasItem(notNullValue()));
        problem(given().contentType(ContentType.JSON).body("{\"enabled\": [\"FAIRNESS\", \"VIBES\"]}")
                .put("/api/v1/systems/" + systemId + "/monitors"), 400, "validation");
        given().get("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void intersections_heartbeat_multiple_testing_and_estimated_performance_are_settings_checked_like_the_rest() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.HIGH);
        given().get("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200)
                .body("enabled", hasItems("ESTIMATED_PERFORMANCE", "HEARTBEAT"))
                .body("fairness.multipleTesting", equalTo("BENJAMINI_HOCHBERG"))
                .body("distribution.multipleTesting", equalTo("BENJAMINI_HOCHBERG"))
                .body("fairness.intersections", empty())
                .body("estimatedPerformance.metrics", contains("roc_auc", "f1", "accuracy"));
        given().contentType(ContentType.JSON).body("""
                        {"fairness": {"intersections": [["age_band", "sex"]]}, "heartbeat": {"silentAfter": "PT15M"},
                         "distribution": {"multipleTesting": "BONFERRONI"}}""")
                .put("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200)
                .body("fairness.intersections[0]", contains("age_band", "sex"))
                .body("heartbeat.silentAfter", equalTo("PT15M"))
                .body("distribution.multipleTesting", equalTo("BONFERRONI"))
                .body("fairness.multipleTesting", equalTo("BENJAMINI_HOCHBERG"));
        problem(given().contentType(ContentType.JSON).body("""
                        {"fairness": {"intersections": [["age_band"], ["sex", "sex"]]}, "heartbeat": {"silentAfter": "PT5S"},
                         "estimatedPerformance": {"metrics": ["vibes"], "threshold": 1.5}}""")
                .put("/api/v1/systems/" + systemId + "/monitors"), 400, "validation")
                .body("errors.field", hasItems("fairness.intersections[0]", "fairness.intersections[1]",
                        "heartbeat.silentAfter", "estimatedPerformance.metrics", "estimatedPerformance.threshold"));
        problem(given().contentType(ContentType.JSON).body("{\"fairness\": {\"multipleTesting\": \"HOPE\"}}")
                .put("/api/v1/systems/" + systemId + "/monitors"), 400, "validation");
        // Settings stored before a setting existed read it from the defaults.
        await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "update monitor_settings set data = data - 'heartbeat' - 'estimatedPerformance' where system_id = :p")
                .setParameter("p", systemId).executeUpdate())));
        given().get("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200)
                .body("heartbeat.silentAfter", nullValue())
                .body("estimatedPerformance.band", equalTo(3.0f))
                .body("fairness.intersections[0]", contains("age_band", "sex"));
    }
}
