package dev.aiim.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.integrity.CheckpointLeaf;
import dev.aiim.contracts.integrity.CheckpointTaken;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.SignedDocument;
import dev.aiim.integrity.TimeStamps;
import dev.aiim.integrity.testing.TimeStampAuthority;
import dev.aiim.platform.security.SigningKeys;
import dev.aiim.platform.testing.KafkaTestClient;
import dev.aiim.reporting.domain.HistoryBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.aiim.reporting.IncidentEvents.produce;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Exports and the signed checkpoints of incident-service: an export names the newest checkpoint covering its
 * incident, with the incident's event and its inclusion proof, and is verified against it; a checkpoint that does not
 * hold under the keys published with it is never kept.
 */
@QuarkusTest
class ExportCheckpointTest {

    /** incident-service's keys, as far as this test is concerned. */
    private static final KeyRing INCIDENT_SERVICE = KeyRing.ephemeral();

    @Inject
    SigningKeys reportingKeys;

    private static List<IncidentEvent> incident(String id) {
        return new HistoryBuilder(id, "sys-" + id, false)
                .opened(null, "2026-11-24T08:05:00Z", dev.aiim.contracts.DetectionSource.STAKEHOLDER_REPORT)
                .triaged("2026-11-24T08:20:00Z", dev.aiim.contracts.Severity.SEV2).events();
    }

    /** Publishes a checkpoint as incident-service would, time-stamped by {@code tsa} (when not null). */
    private static String checkpoint(String id, long sequence, List<ChainCheckpoint.Leaf> leaves, KeyRing signer,
                                     KeyRing published, TimeStampAuthority tsa) throws Exception {
        ObjectNode signed = SignedDocument.sign(ChainCheckpoint.document(id, sequence, "incident-service",
                Instant.now(), leaves, null, null), signer.active());
        String stamp = tsa == null ? null : TimeStamps.stamp(HttpClient.newHttpClient(), tsa.start(),
                ChainCheckpoint.digest(signed), Duration.ofSeconds(10));
        CheckpointTaken taken = new CheckpointTaken(signed.toString(), leaves.stream()
                .map(l -> new CheckpointLeaf(l.streamId(), l.version(), l.hash())).toList(),
                published.jwks().toString(), stamp);
        KafkaTestClient.produce(Topics.INTEGRITY_CHECKPOINTS, id, id, MessageTypes.CHECKPOINT_TAKEN.ceType(),
                EventJson.write(taken));
        return id;
    }

    private static JsonNode export(String incidentId) throws Exception {
        return EventJson.mapper().readTree(given().get("/api/v1/incidents/" + incidentId + "/exports/nis2").then()
                .statusCode(200).extract().asString());
    }

    private static io.restassured.response.ValidatableResponse verify(JsonNode export) {
        return given().contentType(ContentType.JSON).body(export.toString()).post("/api/v1/exports/verify").then()
                .statusCode(200);
    }

    @Test
    @TestSecurity(user = "rhea", roles = "regulator")
    void an_export_names_the_checkpoint_covering_its_incident_and_verifies_against_it() throws Exception {
        String incident = "inc-cp-" + UUID.randomUUID().toString().substring(0, 8);
        List<IncidentEvent> events = incident(incident);
        produce(events);
        await("reporting has the incident").atMost(Duration.ofSeconds(30)).until(() -> given()
                .get("/api/v1/incidents/" + incident + "/exports/nis2").then().extract().statusCode() == 200);
        JsonNode uncovered = export(incident);
        assertThat(uncovered.at("/integrity/checkpoint").isNull()).isTrue();
        verify(uncovered).body("valid", is(true)).body("reason", containsString("no checkpoint covered it yet"));

        List<ChainCheckpoint.Leaf> leaves = new ArrayList<>();
        events.forEach(e -> leaves.add(new ChainCheckpoint.Leaf(incident, e.header().version(), e.header().hash())));
        leaves.add(new ChainCheckpoint.Leaf("another-incident", 1, "ab".repeat(32)));
        String id;
        try (TimeStampAuthority tsa = new TimeStampAuthority("Test TSA")) {
            id = checkpoint("checkpoint-" + UUID.randomUUID(), 1, leaves, INCIDENT_SERVICE, INCIDENT_SERVICE, tsa);
        }
        await("the export names checkpoint " + id).atMost(Duration.ofSeconds(30))
                .until(() -> id.equals(export(incident).at("/integrity/checkpoint/document/id").asText()));

        JsonNode covered = export(incident);
        assertThat(covered.at("/integrity/checkpoint/leaf/version").asLong()).isEqualTo(events.size());
        assertThat(covered.at("/integrity/checkpoint/leaf/hash").asText())
                .isEqualTo(covered.at("/integrity/headHash").asText());
        // the regulator's check, with incident-service's published keys
        ChainCheckpoint.Check offline = ChainCheckpoint.checkExport(covered.get("integrity"),
                INCIDENT_SERVICE.published());
        assertThat(offline.valid()).as(offline.detail()).isTrue();
        assertThat(offline.detail()).contains("time-stamped at", "by CN=Test TSA");
        verify(covered).body("valid", is(true)).body("reason", containsString(id))
                .body("reason", containsString("time-stamped"));

        // re-signed by reporting itself, an export whose checkpoint proof was altered still does not verify
        ObjectNode altered = covered.deepCopy();
        ((ObjectNode) altered.at("/integrity/checkpoint")).putArray("proof").add("00".repeat(32));
        verify(SignedDocument.sign(altered, reportingKeys.ring().active())).body("valid", is(false))
                .body("reason", containsString("inclusion proof fails"));
    }

    @Test
    void a_checkpoint_that_does_not_hold_under_the_keys_published_with_it_is_dead_lettered() throws Exception {
        String id = checkpoint("checkpoint-forged-" + UUID.randomUUID(), 2,
                List.of(new ChainCheckpoint.Leaf("inc-forged", 1, "cd".repeat(32))), KeyRing.ephemeral(),
                INCIDENT_SERVICE, null);
        assertThat(KafkaTestClient.readUntil(Topics.deadLetters("reporting-service"), r -> id.equals(r.key()),
                Duration.ofSeconds(30))).hasSize(1);
    }
}
