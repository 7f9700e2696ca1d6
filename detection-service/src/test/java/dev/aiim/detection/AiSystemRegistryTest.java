package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.aisystem.AiSystemUpdated;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The AI-system registry over HTTP, and its changes on the real compacted topic. */
@QuarkusTest
class AiSystemRegistryTest {

    private static final String SYSTEMS = "/api/v1/systems";

    private static String system(String id, String modelVersion) {
        return """
                {"id": "%s", "name": "Credit risk scoring", "ownerTeam": "risk-ml",
                 "client": {"name": "Mid-tier bank", "contacts": [{"name": "Dana", "email": "dana@bank.example"}]},
                 "riskTier": "HIGH", "modelVersion": "%s", "knownGoodVersions": ["2.2.1"],
                 "dataCategories": ["PERSONAL_DATA"], "jurisdictions": ["EU"]}""".formatted(id, modelVersion);
    }

    /** The same system once it has its number in the EU database of high-risk systems (AI Act Art. 71). */
    private static String registeredInEuDatabase(String id, String modelVersion, String number) {
        return system(id, modelVersion).replace("\"jurisdictions\": [\"EU\"]}",
                "\"jurisdictions\": [\"EU\"], \"euDatabaseRegistrationNumber\": \"" + number + "\"}");
    }

    private static String newId() {
        return "credit-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_registered_system_is_readable_and_every_change_is_on_the_compacted_topic() {
        String id = newId();
        given().contentType(ContentType.JSON).body(system(id, "2.3.0")).post(SYSTEMS).then().statusCode(201)
                .header("ETag", "\"1\"").header("Location", org.hamcrest.Matchers.endsWith(SYSTEMS + "/" + id))
                .body("riskTier", equalTo("HIGH")).body("client.contacts[0].email", equalTo("dana@bank.example"));
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(registeredInEuDatabase(id, "2.4.0", "EUDB-HR-2026-000123")).put(SYSTEMS + "/" + id).then()
                .statusCode(200).header("ETag", "\"2\"").body("modelVersion", equalTo("2.4.0"))
                .body("version", equalTo(2)).body("euDatabaseRegistrationNumber", equalTo("EUDB-HR-2026-000123"));
        given().get(SYSTEMS).then().statusCode(200).body("id", hasItem(id));

        List<ConsumerRecord<String, String>> updates = KafkaTestClient.readUntil(Topics.AI_SYSTEMS,
                r -> id.equals(r.key()) && "ai-system.updated.v1".equals(KafkaTestClient.header(r, "ce_type")),
                Duration.ofSeconds(20));
        assertThat(updates).hasSize(1);
        AiSystemUpdated updated = EventJson.read(updates.get(0).value(), AiSystemUpdated.class);
        assertThat(updated.system().modelVersion()).isEqualTo("2.4.0");
        assertThat(updated.system().euDatabaseRegistrationNumber()).isEqualTo("EUDB-HR-2026-000123");
        assertThat(updated.changedBy()).isEqualTo("ada");
        assertThat(KafkaTestClient.readUntil(Topics.AI_SYSTEMS, r -> id.equals(r.key())
                && "ai-system.registered.v1".equals(KafkaTestClient.header(r, "ce_type")), Duration.ofSeconds(20)))
                .hasSize(1);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void refusals_are_problems() {
        String id = newId();
        given().contentType(ContentType.JSON).body(system(id, "1")).post(SYSTEMS).then().statusCode(201);
        problem(given().contentType(ContentType.JSON).body(system(id, "1")).post(SYSTEMS), 409, "conflict");
        problem(given().contentType(ContentType.JSON).header("If-Match", "\"7\"").body(system(id, "2"))
                .put(SYSTEMS + "/" + id), 412, "precondition-failed");
        problem(given().contentType(ContentType.JSON).body(system("other", "2")).put(SYSTEMS + "/" + id), 400,
                "validation").body("errors[0].field", equalTo("id"));
        problem(given().get(SYSTEMS + "/no-such-system"), 404, "not-found");
        problem(given().contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(registeredInEuDatabase(id, "2", "EUDB <pending>")).put(SYSTEMS + "/" + id), 400, "validation")
                .body("errors[0].field", equalTo("euDatabaseRegistrationNumber"));
        given().get(SYSTEMS + "/" + id).then().statusCode(200).body("version", equalTo(1))
                .body("euDatabaseRegistrationNumber", org.hamcrest.Matchers.nullValue());
        problem(given().contentType(ContentType.JSON).body("{\"id\": \"Bad Id\", \"riskTier\": \"EXTREME\"}")
                .post(SYSTEMS), 400, "validation");
        problem(given().contentType(ContentType.JSON)
                .body("{\"id\": \"Bad Id\", \"name\": \"n\", \"ownerTeam\": \"t\", \"riskTier\": \"HIGH\"}")
                .post(SYSTEMS), 400, "validation").body("errors[0].field", equalTo("id"));
    }

    @Test
    void a_signed_in_user_without_a_platform_role_reads_nothing() {
        String roleless = OidcWiremockTestResource.getAccessToken("sam", Set.of("offline_access"));
        problem(given().auth().oauth2(roleless).get(SYSTEMS), 403, "forbidden");
        problem(given().auth().oauth2(roleless).get(SYSTEMS + "/credit-scoring/monitors"), 403, "forbidden");
        problem(given().auth().oauth2(roleless).contentType(ContentType.JSON).body("{\"description\": \"d\"}")
                .post("/api/v1/reports"), 403, "forbidden");
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("rita", Set.of("reporter"))).get(SYSTEMS)
                .then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "rita", roles = "reporter")
    void every_role_reads_but_only_admins_write() {
        given().get(SYSTEMS).then().statusCode(200);
        problem(given().contentType(ContentType.JSON).body(system(newId(), "1")).post(SYSTEMS), 403, "forbidden");
    }
}
