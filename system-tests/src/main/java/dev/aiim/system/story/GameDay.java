package dev.aiim.system.story;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.aiim.system.story.PlatformClient.await;

/**
 * A game day (playbook "Incident Simulation"): an admin starts a drill of one scenario on a registered system;
 * the system's monitors are replayed over it and their detection opens a drill incident; the team triages and
 * contains it as they would a real one; reporting scores the drill against the targets, apart from production.
 */
public final class GameDay extends Story {

    private final String scenario;
    private String simulationId;

    public GameDay(PlatformClient api, Consumer<String> narrator, String run, String systemId, String scenario) {
        super(api, narrator, run, systemId, 99);
        this.scenario = scenario;
    }

    public String simulationId() {
        return simulationId;
    }

    /** {@code POST /api/v1/simulations}: answers the drill as detection-service recorded it. */
    public JsonNode start() {
        JsonNode drill = api.expect(201, "admin", "POST", url("detection", "/api/v1/simulations"),
                Map.of("scenario", scenario, "systemId", systemId));
        simulationId = drill.get("id").asText();
        say("GAME DAY %s started on %s: %s by the %s monitor, %s after the fault began", simulationId, systemId,
                drill.path("outcome").asText(), drill.path("monitor").asText(),
                java.time.Duration.between(java.time.Instant.parse(drill.get("faultStartedAt").asText()),
                        java.time.Instant.parse(drill.get("detectedAt").asText())).toMinutes() + " minutes");
        return drill;
    }

    /** The drill incident incident-service opened, once detection-service knows it. */
    public JsonNode drillIncident() {
        JsonNode drill = await("the drill's incident", WAIT, () -> {
            JsonNode d = api.expect(200, "admin", "GET", url("detection", "/api/v1/simulations/" + simulationId), null);
            return d.path("incidentId").isTextual() ? Optional.of(d) : Optional.empty();
        });
        incidentId = drill.get("incidentId").asText();
        JsonNode view = view();
        say("Drill incident %s opened (simulation=%s): %s", incidentId, view.path("simulation").asBoolean(),
                view.path("title").asText());
        return view;
    }

    /** The drill team triages as SEV1 under a senior commander and contains by rollback. */
    public JsonNode respond() {
        seniorLeader("commander", "Casey Commander");
        onceTheDirectoryKnows("commander", "POST", incident("/triage"), Map.of("decision", "CONFIRMED",
                "severity", "SEV1", "rationale", "Drill: treating it as the real thing", "commander", Map.of(
                        "id", "commander", "name", "Casey Commander", "email", "commander@aiim.example")));
        api.expect(200, "responder", "POST", incident("/containment-actions"), Map.of("type", "ROLLBACK",
                "description", "Drill: roll back to the known-good version", "targetModelVersion", "2.2.1",
                "effective", true));
        JsonNode view = api.expect(200, "commander", "POST", incident("/containment"), Map.of("summary",
                "Drill: contained by rollback"));
        say("Drill triaged as SEV1 and contained");
        return view;
    }

    /** Reporting's score for the drill, once it has the containment. */
    public JsonNode score() {
        JsonNode score = await("the drill's score", WAIT, () -> {
            var response = api.call("leadership", "GET", url("reporting", "/api/v1/drills/" + incidentId), null);
            JsonNode s = PlatformClient.read(response.body());
            return response.statusCode() == 200 && s.path("containedAt").isTextual() ? Optional.of(s) : Optional.empty();
        });
        StringBuilder targets = new StringBuilder();
        score.path("targets").forEach(t -> targets.append(targets.isEmpty() ? "" : "; ").append(t.path("description")
                .asText()).append(": ").append(t.path("actualMinutes").asText()).append(" min, ")
                .append(t.path("met").isNull() ? "open" : t.path("met").asBoolean() ? "met" : "missed"));
        say("Drill score %d of %d targets met (%s)", score.path("met").asInt(), score.path("judged").asInt(), targets);
        return score;
    }
}
