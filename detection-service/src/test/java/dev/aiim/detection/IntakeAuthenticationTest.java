package dev.aiim.detection;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.domain.IntakeCredentials;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.detection.service.Integrations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.IntakeFixtures.bearer;
import static dev.aiim.detection.IntakeFixtures.eventually;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Intake credentials: bearer tokens and signatures, and every way they can be wrong (401, nothing
 * published: a rejected request leaves no detection behind).
 */
@QuarkusTest
class IntakeAuthenticationTest {

    private static final String SIGNALS = "/api/v1/intake/signals";

    @Inject
    Integrations integrations;
    @Inject
    AiSystemRegistry registry;

    private Integrations.Issued generic() {
        return IntakeFixtures.integration(integrations, IntegrationType.GENERIC, null);
    }

    private static String signal(String marker) {
        return "{\"systemId\": \"credit-scoring\", \"category\": \"PERFORMANCE_DEGRADATION\", \"summary\": \"%s\"}"
                .formatted(marker);
    }

    private static long raisedWithSummary(String marker) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(*) from raised_detection where data->>'summary' = :m", Long.class)
                .setParameter("m", marker).getSingleResult())));
    }

    private static Response signed(Integrations.Issued issued, String timestamp, String signedBody, String sentBody) {
        return given().contentType(ContentType.JSON)
                .header("X-AIIM-Timestamp", timestamp)
                .header("X-AIIM-Signature", IntakeCredentials.signature(issued.signingSecret(), timestamp,
                        signedBody.getBytes(StandardCharsets.UTF_8)))
                .body(sentBody.getBytes(StandardCharsets.UTF_8))
                .post(SIGNALS);
    }

    private static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }

    @Test
    void a_bearer_token_is_accepted() {
        String marker = "bearer-" + UUID.randomUUID();
        bearer(generic(), signal(marker)).post(SIGNALS).then().statusCode(202).body("accepted", equalTo(true));
        assertThat(eventually(() -> raisedWithSummary(marker), 1)).isEqualTo(1);
    }

    @Test
    void a_valid_signature_is_accepted_with_or_without_the_integration_named() {
        Integrations.Issued issued = generic();
        String marker = "signed-" + UUID.randomUUID();
        signed(issued, now(), signal(marker), signal(marker)).then().statusCode(202);
        String named = "named-" + UUID.randomUUID();
        String ts = now();
        given().contentType(ContentType.JSON).header("X-AIIM-Timestamp", ts)
                .header("X-AIIM-Integration", issued.integration().id())
                .header("X-AIIM-Signature", IntakeCredentials.signature(issued.signingSecret(), ts,
                        signal(named).getBytes(StandardCharsets.UTF_8)))
                .body(signal(named)).post(SIGNALS).then().statusCode(202);
        assertThat(eventually(() -> raisedWithSummary(marker) + raisedWithSummary(named), 2)).isEqualTo(2);
    }

    @Test
    void a_replayed_signed_request_is_answered_but_raises_nothing() {
        Integrations.Issued issued = generic();
        String marker = "replayed-" + UUID.randomUUID();
        String body = "{\"systemId\": \"credit-scoring\", \"category\": \"PERFORMANCE_DEGRADATION\","
                + " \"summary\": \"" + marker + "\", \"dedupKey\": \"" + marker + "\"}";
        String ts = now();
        signed(issued, ts, body, body).then().statusCode(202).body("accepted", equalTo(true));
        // the same request again, as an eavesdropper would replay it within its five minutes
        signed(issued, ts, body, body).then().statusCode(202).body("accepted", equalTo(false))
                .body("detectionIds", hasSize(0));
        assertThat(eventually(() -> raisedWithSummary(marker), 1)).isEqualTo(1);
        // the sender's own resend is signed afresh: it counts as a repeat of the open detection
        String later = String.valueOf(Instant.now().getEpochSecond() + 1);
        signed(issued, later, body, body).then().statusCode(202).body("accepted", equalTo(true));
        assertThat(eventually(() -> repeatsOf(marker), 1)).as("the resend, and not the replay, repeats").isEqualTo(1);
    }

    private static long repeatsOf(String marker) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select repeats from raised_detection where data->>'summary' = :m", Integer.class)
                .setParameter("m", marker).getSingleResult()))).longValue();
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void the_replay_window_is_real_time_even_when_the_platform_clock_was_moved() {
        given().contentType(ContentType.JSON)
                .body("{\"offsetSeconds\": 7200, \"reason\": \"a demo moved the clock\"}")
                .put("/api/v1/admin/clock").then().statusCode(200);
        try {
            String marker = "moved-clock-" + UUID.randomUUID();
            signed(generic(), now(), signal(marker), signal(marker)).then().statusCode(202);
            assertThat(eventually(() -> raisedWithSummary(marker), 1)).isEqualTo(1);
            String atPlatformTime = String.valueOf(Instant.now().plusSeconds(7200).getEpochSecond());
            String ahead = "ahead-" + UUID.randomUUID();
            problem(signed(generic(), atPlatformTime, signal(ahead), signal(ahead)), 401, "unauthenticated");
        } finally {
            given().delete("/api/v1/admin/clock").then().statusCode(200);
        }
    }

    @Test
    void an_altered_body_breaks_the_signature() {
        String marker = "altered-" + UUID.randomUUID();
        problem(signed(generic(), now(), signal("original"), signal(marker)), 401, "unauthenticated")
                .header("WWW-Authenticate", startsWith("Bearer"));
        assertThat(raisedWithSummary(marker)).isZero();
    }

    @Test
    void a_stale_timestamp_is_refused() {
        String marker = "stale-" + UUID.randomUUID();
        String sixMinutesAgo = String.valueOf(Instant.now().minusSeconds(360).getEpochSecond());
        problem(signed(generic(), sixMinutesAgo, signal(marker), signal(marker)), 401, "unauthenticated");
        problem(signed(generic(), "yesterday", signal(marker), signal(marker)), 401, "unauthenticated");
        assertThat(raisedWithSummary(marker)).isZero();
    }

    @Test
    void unknown_revoked_and_other_kinds_of_integration_are_refused() {
        String marker = "refused-" + UUID.randomUUID();
        problem(given().contentType(ContentType.JSON).header("Authorization", "Bearer aiim_it_unknown")
                .body(signal(marker)).post(SIGNALS), 401, "unauthenticated");
        problem(given().contentType(ContentType.JSON).body(signal(marker)).post(SIGNALS), 401, "unauthenticated");

        Integrations.Issued revoked = generic();
        await(() -> integrations.revoke(revoked.integration().id()));
        problem(bearer(revoked, signal(marker)).post(SIGNALS), 401, "unauthenticated");

        Integrations.Issued grafana = IntakeFixtures.integration(integrations, IntegrationType.GRAFANA, null);
        problem(bearer(grafana, signal(marker)).post(SIGNALS), 401, "unauthenticated");
        assertThat(raisedWithSummary(marker)).isZero();
    }

    @Test
    void rotation_retires_the_old_token_at_once() {
        Integrations.Issued first = generic();
        Integrations.Issued rotated = await(() -> integrations.rotate(first.integration().id()));
        assertThat(rotated.token()).isNotEqualTo(first.token());
        problem(bearer(first, signal("old")).post(SIGNALS), 401, "unauthenticated");
        bearer(rotated, signal("rotated-" + UUID.randomUUID())).post(SIGNALS).then().statusCode(202);
    }

    @Test
    void bad_bodies_from_an_authenticated_sender_are_400_and_415() {
        Integrations.Issued issued = generic();
        problem(bearer(issued, "{not json").post(SIGNALS), 400, "malformed-request");
        problem(bearer(issued, "{\"category\": \"SAFETY\", \"summary\": {\"text\": 42}}").post(SIGNALS), 400, "validation")
                .body("errors[0].field", equalTo("summary"));
        problem(bearer(issued, "{\"category\": \"SAFETY\", \"summary\": \"no system\"}").post(SIGNALS), 400,
                "validation").body("errors[0].field", equalTo("systemId"));
        problem(given().header("Authorization", "Bearer " + issued.token()).contentType("text/plain")
                .body("hello").post(SIGNALS), 415, "unsupported-media-type");
        problem(bearer(issued, "null").post(SIGNALS), 400, "malformed-request")
                .body("detail", containsString("null"));
        given().contentType(ContentType.JSON).body("null").post("/api/v1/intake/pagerduty/v2/enqueue").then()
                .statusCode(400).body("status", equalTo("invalid event"));
        problem(bearer(issued, "{\"systemId\": \"credit-scoring\", \"category\": \"SAFETY\","
                + " \"summary\": \"a\\u0000b\"}").post(SIGNALS), 400, "validation")
                .body("errors[0].field", equalTo("summary"));
    }

    @Test
    void an_alert_over_one_mebibyte_is_413_while_telemetry_batches_may_be_larger() throws Exception {
        Integrations.Issued issued = generic();
        String marker = "huge-" + UUID.randomUUID();
        String huge = signal(marker).replace("\"summary\"",
                "\"padding\": \"" + "x".repeat(1_100_000) + "\", \"summary\"");
        problem(bearer(issued, huge).post(SIGNALS), 413, "payload-too-large")
                .body("detail", containsString("1048576"));
        problem(bearer(issued, huge).post("/api/v1/intake/alertmanager"), 413, "payload-too-large");
        // sent in chunks, its size unknown until read: refused before it is read
        HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + SIGNALS))
                        .header("Authorization", "Bearer " + issued.token()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(411);
        assertThat(chunked.body()).contains("length-required");
        assertThat(raisedWithSummary(marker)).isZero();
        // the same size to a telemetry route is read (and answered for its credentials, not its size)
        bearer(issued, huge).post("/api/v1/systems/credit-scoring/predictions").then()
                .statusCode(not(equalTo(413)));
    }

    @Test
    void a_signal_names_only_its_integrations_system_or_a_registered_one() {
        Integrations.Issued bound = IntakeFixtures.integration(integrations, IntegrationType.GENERIC, "credit-scoring");
        String marker = "foreign-" + UUID.randomUUID();
        problem(bearer(bound, "{\"systemId\": \"recsys\", \"category\": \"SAFETY\", \"summary\": \"%s\"}"
                .formatted(marker)).post(SIGNALS), 403, "forbidden");
        String invented = "invented-" + UUID.randomUUID();
        problem(bearer(generic(), "{\"systemId\": \"%s\", \"category\": \"SAFETY\", \"summary\": \"%s\"}"
                .formatted(invented.substring(0, 20), marker)).post(SIGNALS), 400, "validation")
                .body("errors[0].field", equalTo("systemId"))
                .body("errors[0].message", equalTo("is not a registered AI system"));
        assertThat(raisedWithSummary(marker)).isZero();
    }

    @Test
    void a_bound_integration_fills_in_its_system() {
        String systemId = "bound-" + UUID.randomUUID().toString().substring(0, 8);
        await(() -> registry.register(new AiSystem(systemId, "Bound", null, "ml", null, RiskTier.STANDARD, null,
                List.of(), List.of(), List.of(), null, 1), "test-admin"));
        Integrations.Issued bound = IntakeFixtures.integration(integrations, IntegrationType.GENERIC, systemId);
        String marker = "bound-" + UUID.randomUUID();
        bearer(bound, "{\"category\": \"SAFETY\", \"summary\": \"%s\"}".formatted(marker)).post(SIGNALS)
                .then().statusCode(202);
        eventually(() -> raisedWithSummary(marker), 1);
        String stored = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select system_id from raised_detection where data->>'summary' = :m", String.class)
                .setParameter("m", marker).getSingleResult())));
        assertThat(stored).isEqualTo(systemId);
    }

    // --- The admin API

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void the_admin_api_shows_credentials_once_and_never_again() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"name\": \"Prometheus prod\", \"type\": \"ALERTMANAGER\"}")
                .post("/api/v1/integrations").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/integrations/int-"))
                .body("token", startsWith(IntakeCredentials.TOKEN_PREFIX))
                .body("signingSecret", startsWith(IntakeCredentials.SECRET_PREFIX))
                .extract().path("id");
        given().get("/api/v1/integrations/" + id).then().statusCode(200)
                .body("type", equalTo("ALERTMANAGER"))
                .body("tokenHint", notNullValue())
                .body(not(org.hamcrest.Matchers.containsString("signingSecret")))
                .body(not(org.hamcrest.Matchers.containsString("\"token\"")));
        given().post("/api/v1/integrations/" + id + "/revoke").then().statusCode(200).body("status", equalTo("REVOKED"));
        problem(given().post("/api/v1/integrations/" + id + "/rotate"), 409, "conflict");
        problem(given().post("/api/v1/integrations/int-nope/revoke"), 404, "not-found");
        problem(given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"type\": \"NAGIOS\"}")
                .post("/api/v1/integrations"), 400, "validation").body("errors[0].field", equalTo("type"));
        problem(given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"type\": \"GENERIC\", \"systemId\": \"ghost\"}")
                .post("/api/v1/integrations"), 400, "validation").body("errors[0].field", equalTo("systemId"));
    }

    @Test
    @TestSecurity(user = "carla", roles = "commander")
    void only_admins_manage_integrations() {
        problem(given().get("/api/v1/integrations"), 403, "forbidden");
    }
}
