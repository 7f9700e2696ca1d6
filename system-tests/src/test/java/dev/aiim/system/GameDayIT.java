package dev.aiim.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.system.story.GameDay;
import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.aiim.system.Platform.CLIENT;
import static dev.aiim.system.Platform.Service.DETECTION;
import static dev.aiim.system.Platform.Service.REPORTING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, game days: an admin starts a drill of the credit-model scenario; the system's monitors raise it as a
 * simulation; the drill incident is triaged and contained, only the drill audience hears, and reporting
 * scores the drill against the targets while production metrics leave it out.
 */
class GameDayIT {

    @BeforeAll
    static void platform() throws Exception {
        Platform.start();
    }

    @Test
    void a_drill_runs_through_the_platform_as_a_simulation_and_is_scored_apart_from_production() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String systemId = "gameday-credit-" + run;
        CLIENT.expect(201, "admin", "POST", DETECTION.url("/api/v1/systems"), Map.of("id", systemId,
                "name", "Credit scoring (game day " + run + ")", "ownerTeam", "risk-ml-" + run, "riskTier", "HIGH",
                "modelVersion", "2.3.0", "knownGoodVersions", List.of("2.2.1")));
        GameDay gameDay = new GameDay(CLIENT, line -> System.out.println("[game day] " + line), run, systemId,
                "CREDIT_MODEL_BIAS");
        gameDay.changeRouting(routing -> routing.putArray("drillAudience").add("commander"));

        JsonNode drill = gameDay.start();
        assertThat(drill.get("outcome").asText()).isEqualTo("DETECTED");
        assertThat(drill.get("monitor").asText()).isEqualTo("FAIRNESS");

        JsonNode incident = gameDay.drillIncident();
        assertThat(incident.get("simulation").asBoolean()).isTrue();
        assertThat(incident.get("title").asText()).startsWith("[DRILL credit-model-bias]");
        assertThat(incident.get("suggestedSeverity").asText()).isEqualTo("SEV1");

        JsonNode contained = gameDay.respond();
        assertThat(contained.get("status").asText()).isEqualTo("CONTAINED");

        JsonNode score = gameDay.score();
        assertThat(score.get("targets")).extracting(t -> t.get("key").asText())
                .containsExactly("mttdSev1", "mttcSev1", "timeToTriage");
        assertThat(score.get("met").asInt()).as("a drill run at once meets every target: %s", score).isEqualTo(3);
        assertThat(score.get("timeToDetectMinutes").asDouble()).isBetween(1.0, 6.0);

        // only the drill audience heard of it
        List<JsonNode> deliveries = drillDeliveries(incident.get("id").asText());
        assertThat(deliveries).isNotEmpty().allSatisfy(d -> assertThat(d.get("recipient").asText()).isEqualTo("commander"));
        // production metrics leave the drill out
        JsonNode metrics = CLIENT.expect(200, "leadership", "GET", REPORTING.url("/api/v1/metrics/summary?systemId="
                + systemId), null);
        assertThat(metrics.get("incidentCount").asInt()).isZero();
    }

    private static List<JsonNode> drillDeliveries(String incidentId) {
        return PlatformClient.await("the drill's notifications", Duration.ofSeconds(60), () -> {
            JsonNode page = CLIENT.expect(200, "responder", "GET", Platform.Service.NOTIFICATION.url(
                    "/api/v1/deliveries?incidentId=" + incidentId), null);
            List<JsonNode> items = new ArrayList<>();
            page.get("items").forEach(items::add);
            return items.stream().anyMatch(d -> d.get("reason").asText().equals("incident.triaged"))
                    ? Optional.of(items) : Optional.empty();
        });
    }
}
