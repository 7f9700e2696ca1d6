package dev.aiim.incident.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.platform.aisystem.AiSystemReplica;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.aiim.incident.IncidentFixtures.INCIDENTS;
import static dev.aiim.incident.IncidentFixtures.await;
import static dev.aiim.incident.IncidentFixtures.json;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Facts as they were: an incident keeps what the AI-system registry said of its system when it opened, and again
 * when a containment action changed the model version, whatever the registry says later.
 */
@QuarkusTest
@TestSecurity(user = "commander", roles = "commander")
class RegistryFactsTest {

    @Inject
    AiSystemReplica systems;
    @Inject
    IncidentQueryService queries;
    @Inject
    Pool pool;

    private void registry(String systemId, String modelVersion, long version) {
        await(() -> systems.remember(pool, new AiSystem(systemId, "Credit risk scoring", null, "risk-ml",
                new AiSystem.Client("Mid-tier bank", List.of()), RiskTier.HIGH, modelVersion, List.of("2.2.1"),
                List.of("PERSONAL_DATA"), List.of("EU"), "EUDB-HR-2026-000123", version)));
    }

    @Test
    void the_version_live_when_the_incident_opened_stays_on_it_after_the_registry_moves_on() {
        String systemId = "credit-" + UUID.randomUUID().toString().substring(0, 8);
        registry(systemId, "2.3.0", 1);
        String id = json("""
                {"title": "Credit model denies applicants over 60", "systemId": "%s", "category": "BIAS_FAIRNESS",
                 "source": "MANUAL"}""".formatted(systemId)).post(INCIDENTS).then().statusCode(201)
                .body("registryAtOpen.modelVersion", equalTo("2.3.0"))
                .body("registryAtOpen.riskTier", equalTo("HIGH"))
                .body("registryAtOpen.euDatabaseRegistrationNumber", equalTo("EUDB-HR-2026-000123"))
                .body("registryAtOpen.registryVersion", equalTo(1)).extract().path("id");

        registry(systemId, "2.4.0", 2); // someone deploys a new model after the incident opened
        json("""
                {"type": "ROLLBACK", "description": "back to the last known-good model", "targetModelVersion": "2.2.1",
                 "effective": true, "evidenceLinks": ["https://models.example/snapshots/credit-2.4.0"]}""")
                .post(INCIDENTS + "/" + id + "/containment-actions").then().statusCode(200);

        // Art. 73(6): the rollback kept the version it replaced and the responder's evidence first
        given().get(INCIDENTS + "/" + id).then().statusCode(200)
                .body("registryAtOpen.modelVersion", equalTo("2.3.0"))
                .body("containmentActions[0].preserved.modelVersion", equalTo("2.4.0"))
                .body("containmentActions[0].preserved.links[0]",
                        equalTo("https://models.example/snapshots/credit-2.4.0"));
        given().accept("text/html").get("/console/incidents/" + id).then().statusCode(200)
                .body(containsString("model version 2.4.0"), containsString("When the incident opened the registry"
                        + " said model version <strong>2.3.0</strong>"));
        JsonNode rollback = await(() -> queries.events(id)).get(1).payload();
        assertThat(rollback.at("/registry/modelVersion").asText()).as("the registry when the version changed")
                .isEqualTo("2.4.0");
        assertThat(rollback.at("/registry/registryVersion").asLong()).isEqualTo(2);
    }

    @Test
    void an_incident_of_a_system_the_registry_does_not_know_keeps_no_facts() {
        String id = json("""
                {"title": "Chatbot gives odd answers", "systemId": "not-registered-%s", "category": "SAFETY",
                 "source": "MANUAL"}""".formatted(UUID.randomUUID())).post(INCIDENTS).then().statusCode(201)
                .body("registryAtOpen", nullValue()).extract().path("id");
        json("""
                {"type": "DISABLE", "description": "switched off", "effective": true}""")
                .post(INCIDENTS + "/" + id + "/containment-actions").then().statusCode(200);
        JsonNode disable = await(() -> queries.events(id)).get(1).payload();
        assertThat(disable.hasNonNull("registry")).isFalse();
        assertThat(disable.at("/preserved/telemetry").size()).as("a manual incident has no monitor window").isZero();
        assertThat(disable.at("/preserved/modelVersion").isNull()).isTrue();
        problem(json("""
                {"type": "DISABLE", "description": "again", "effective": true,
                 "evidenceLinks": ["file:///etc/passwd"]}""")
                .post(INCIDENTS + "/" + id + "/containment-actions"), 400, "validation");
    }
}
