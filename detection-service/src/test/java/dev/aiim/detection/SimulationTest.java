package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** Game days: a drill replays its scenario through the system's monitors and sends what they raise as a drill. */
@QuarkusTest
class SimulationTest {

    @Inject
    AiSystemRegistry registry;

    private static ExtractableResponse<Response> start(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/simulations").then().extract();
    }

    @Test
    @TestSecurity(user = "gameday-lead", roles = "admin")
    void a_credit_model_drill_sends_a_simulation_detection_kept_apart_from_production() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.HIGH);
        ExtractableResponse<Response> started = start("""
                {"scenario": "CREDIT_MODEL_BIAS", "systemId": "%s"}""".formatted(systemId));

        assertThat(started.statusCode()).as(started.body().asString()).isEqualTo(201);
        String id = started.path("id");
        assertThat(started.header("Location")).endsWith("/api/v1/simulations/" + id);
        assertThat((String) started.path("outcome")).isEqualTo("DETECTED");
        assertThat((String) started.path("monitor")).isEqualTo("FAIRNESS");
        assertThat((String) started.path("suggestedSeverity")).isEqualTo("SEV1");
        assertThat((String) started.path("startedBy")).isEqualTo("gameday-lead");
        Instant faultAt = Instant.parse(started.path("faultStartedAt"));
        Instant detectedAt = Instant.parse(started.path("detectedAt"));
        // the drill's decisions are random (seeded by the drill's id): the monitor usually needs 2 to 5 minutes of
        // them, sometimes a few windows more (8 minutes in one CI run); never none, never the 30-minute limit
        assertThat(Duration.between(faultAt, detectedAt)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(15));
        assertThat(detectedAt).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));

        String detectionId = started.path("detectionId");
        List<ConsumerRecord<String, String>> onTopic = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> detectionId.equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(20));
        DetectionRaised drill = EventJson.read(onTopic.get(onTopic.size() - 1).value(), DetectionRaised.class);
        assertThat(drill.simulation()).isTrue();
        assertThat(drill.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        assertThat(drill.correlationKey()).as("never joins a production incident")
                .isEqualTo("drill:" + id + ":" + systemId + ":BIAS_FAIRNESS");
        assertThat(drill.summary()).startsWith("[DRILL credit-model-bias] ").contains("60+");
        assertThat(drill.labels()).containsEntry("simulation", id);
        assertThat(drill.evidence()).containsKeys("simulation", "details", "window");

        given().get("/api/v1/simulations/" + id).then().statusCode(200).body("scenario", equalTo("CREDIT_MODEL_BIAS"))
                .body("systemId", equalTo(systemId));
        given().get("/api/v1/simulations").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    @TestSecurity(user = "gameday-lead", roles = "admin")
    void a_system_whose_monitors_would_miss_the_scenario_gets_a_missed_drill_and_nothing_is_sent() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        given().contentType(ContentType.JSON).body("{\"enabled\": [\"LATENCY\"]}")
                .put("/api/v1/systems/" + systemId + "/monitors").then().statusCode(200);
        ExtractableResponse<Response> started = start("""
                {"scenario": "data-quality-break", "systemId": "%s"}""".formatted(systemId));

        assertThat(started.statusCode()).as(started.body().asString()).isEqualTo(201);
        assertThat((String) started.path("outcome")).isEqualTo("MISSED");
        assertThat((String) started.path("detectionId")).isNull();
        assertThat((String) started.path("summary")).contains("did not raise").contains("LATENCY");
    }

    @Test
    @TestSecurity(user = "gameday-lead", roles = "admin")
    void bad_requests_name_the_field() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.STANDARD);
        given().contentType(ContentType.JSON).body("{\"scenario\": \"METEOR_STRIKE\", \"systemId\": \"" + systemId + "\"}")
                .post("/api/v1/simulations").then().statusCode(400).contentType(containsString("problem+json"))
                .body("errors[0].field", equalTo("scenario"))
                .body("errors[0].message", containsString("CREDIT_MODEL_BIAS"));
        given().contentType(ContentType.JSON).body("{\"scenario\": \"OUTPUT_DRIFT\", \"systemId\": \"no-such-system\"}")
                .post("/api/v1/simulations").then().statusCode(400).body("errors[0].field", equalTo("systemId"));
        given().contentType(ContentType.JSON).body("{\"scenario\": \"OUTPUT_DRIFT\"}")
                .post("/api/v1/simulations").then().statusCode(400).body("errors[0].field", equalTo("systemId"));
        given().contentType(ContentType.JSON).body("[1]").post("/api/v1/simulations").then().statusCode(400);
        given().get("/api/v1/simulations/sim-unknown").then().statusCode(404)
                .body("detail", startsWith("Simulation"));
        given().get("/api/v1/simulations?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    @TestSecurity(user = "casey", roles = "commander")
    void only_an_admin_starts_a_game_day() {
        given().contentType(ContentType.JSON).body("{\"scenario\": \"OUTPUT_DRIFT\", \"systemId\": \"x\"}")
                .post("/api/v1/simulations").then().statusCode(403);
        given().get("/api/v1/simulations").then().statusCode(200);
    }
}
