package dev.aiim.detection;

import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.domain.monitor.CreditScoringScenario;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.service.AiSystemRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.aiim.detection.TelemetryFixtures.predictions;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

/**
 * Backtests through the API against stored telemetry at ten decisions a second: a stable stretch raises
 * nothing, the encoding change is detected with its delay, the settings and reference in force stay as they
 * were, and bad requests are refused naming the field. (The full day is BacktestTest's, in the domain.)
 */
@QuarkusTest
class BacktestApiTest {

    @Inject
    AiSystemRegistry registry;

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_stable_stretch_raises_nothing_and_the_encoding_change_is_detected_with_its_delay() {
        Instant start = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.HOURS);
        Instant fault = start.plus(Duration.ofMinutes(150));
        String stable = system(new CreditScoringScenario(21, start, Instant.MAX), start);
        String faulty = system(new CreditScoringScenario(21, start, fault), start);
        long settingsVersion = given().get("/api/v1/systems/" + faulty + "/monitors").then().extract()
                .jsonPath().getLong("version");
        long referenceVersion = given().get("/api/v1/systems/" + faulty + "/reference").then().extract()
                .jsonPath().getLong("version");

        JsonPath quiet = run(stable, "{\"from\": \"%s\", \"to\": \"%s\"}".formatted(start.plus(Duration.ofHours(1)),
                start.plus(Duration.ofHours(3))));
        assertThat(quiet.getInt("windows")).isEqualTo(120);
        assertThat(quiet.getInt("windowsPlanned")).isEqualTo(120);
        assertThat(quiet.getLong("records")).isGreaterThanOrEqualTo(72_000);
        assertThat(quiet.getInt("monitors.FAIRNESS.windows")).isEqualTo(120);
        assertThat(quiet.getList("monitors.collect { it.value.detectionCount }", Integer.class)).containsOnly(0);
        assertThat((Object) quiet.get("firstDetectionAt")).isNull();

        JsonPath found = run(faulty, "{\"from\": \"%s\", \"to\": \"%s\", \"faultStartedAt\": \"%s\"}".formatted(
                start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(3)), fault));
        assertThat(found.getInt("detectionsBeforeFault")).isZero();
        assertThat(found.getLong("detectionDelaySeconds")).isBetween(60L, 300L);
        assertThat(Instant.parse(found.getString("firstDetectionAt"))).isAfter(fault);
        assertThat(found.getString("monitors.FAIRNESS.detections[0].summary")).contains("60+");
        assertThat(found.getString("monitors.FAIRNESS.detections[0].at")).isEqualTo(found.getString("firstDetectionAt"));
        assertThat(found.getBoolean("monitors.FAIRNESS.detections[0].evidence.backtest")).isTrue();

        // Nothing raised, nothing changed.
        given().get("/api/v1/detections?dedupKey=monitor:" + faulty + ":FAIRNESS:age_band").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().get("/api/v1/systems/" + faulty + "/monitors").then().body("version", equalTo((int) settingsVersion));
        given().get("/api/v1/systems/" + faulty + "/reference").then().body("version",
                equalTo((int) referenceVersion));

        // Settings to try: with fairness off, the same day goes undetected by fairness.
        JsonPath tried = run(faulty, """
                {"from": "%s", "to": "%s", "faultStartedAt": "%s", "settings": {"enabled": ["LATENCY"]}}"""
                .formatted(start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(3)), fault));
        assertThat(tried.getMap("monitors")).containsOnlyKeys("LATENCY");
        assertThat(tried.getList("request.settings.enabled", String.class)).containsExactly("LATENCY");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void bad_requests_are_refused_naming_the_field() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        Instant now = Instant.now();
        String url = "/api/v1/systems/" + systemId + "/monitors/backtest";
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\", \"faultStartedAt\": \"%s\"}"
                .formatted(now, now.minus(Duration.ofHours(1)), now.minus(Duration.ofDays(3)))).post(url), 400,
                "validation").body("errors.field", hasItems("to", "faultStartedAt"));
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}"
                .formatted(now.minus(Duration.ofDays(9)), now)).post(url), 400, "validation")
                .body("errors[0].message", startsWith("a backtest replays at most 7 days"));
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}"
                .formatted(now, now.plus(Duration.ofHours(1)))).post(url), 400, "validation");
        problem(given().contentType(ContentType.JSON).body("{\"to\": \"%s\"}".formatted(now)).post(url), 400,
                "validation").body("errors.field", hasItems("from"));
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\", \"settings\": {\"raiseAfter\": 0}}"
                .formatted(now.minus(Duration.ofHours(1)), now)).post(url), 400, "validation")
                .body("errors.field", hasItems("settings.raiseAfter"));
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}"
                .formatted(now.minus(Duration.ofHours(1)), now)).post("/api/v1/systems/no-such/monitors/backtest"),
                404, "not-found");
        problem(given().get("/api/v1/backtests/" + java.util.UUID.randomUUID()), 404, "not-found");
        problem(given().get("/api/v1/backtests/not-a-uuid"), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "rita", roles = "reporter")
    void a_reporter_does_not_start_backtests() {
        Instant now = Instant.now();
        problem(given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}"
                .formatted(now.minus(Duration.ofHours(1)), now)).post("/api/v1/systems/any/monitors/backtest"), 403,
                "forbidden");
    }

    /** Three hours of the scenario at ten decisions a second, the first hour as the reference. */
    private String system(CreditScoringScenario scenario, Instant start) {
        String systemId = TelemetryFixtures.system(registry, RiskTier.HIGH);
        for (int minutes = 0; minutes < 180; minutes += 15) {
            List<PredictionRecord> records = scenario.between(start.plus(Duration.ofMinutes(minutes)),
                    Duration.ofMinutes(15), 10);
            for (int i = 0; i < records.size(); i += 10_000) {
                given().contentType(ContentType.JSON).body(predictions(records.subList(i, Math.min(records.size(),
                                i + 10_000)), "b-", true)).post("/api/v1/systems/" + systemId + "/predictions")
                        .then().statusCode(202);
            }
        }
        given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}".formatted(start,
                start.plus(Duration.ofMinutes(60)))).put("/api/v1/systems/" + systemId + "/reference")
                .then().statusCode(200).body("records", equalTo(36_000));
        return systemId;
    }

    private static JsonPath run(String systemId, String body) {
        String location = given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/systems/" + systemId + "/monitors/backtest").then().statusCode(202)
                .body("status", equalTo("RUNNING")).extract().header("Location");
        assertThat(location).contains("/api/v1/backtests/");
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> !given().get(location).then().statusCode(200).extract().path("status").equals("RUNNING"));
        JsonPath done = given().get(location).then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("DONE");
        return done;
    }
}
