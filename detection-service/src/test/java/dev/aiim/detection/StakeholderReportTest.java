package dev.aiim.detection;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.platform.security.SecretBox;
import dev.aiim.platform.testing.KafkaTestClient;
import dev.aiim.platform.testing.SampleEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The public report form and the reports API, through the outbox to the real Kafka topic. */
@QuarkusTest
class StakeholderReportTest {

    @Inject
    SecretBox secrets;

    @Inject
    Pool pool;

    /** A fresh form: its CSRF cookie and the token in its hidden field. */
    private record Form(String cookie, String field) {
    }

    private static String address() {
        return "198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
    }

    private static Form form() {
        Response page = given().get("/report");
        page.then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Describe what you noticed")).body(containsString("name=\"csrf-token\""));
        Matcher m = java.util.regex.Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page.asString());
        assertThat(m.find()).isTrue();
        return new Form(page.cookie("aiim-report-csrf"), m.group(1));
    }

    private static Response post(Form form, String client, String description, String honeypot) {
        String yesterday = LocalDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.MINUTES).toString();
        return post(form, client, description, honeypot, yesterday);
    }

    private static Response post(Form form, String client, String description, String honeypot, String noticedAt) {
        var request = given().redirects().follow(false).contentType(ContentType.URLENC)
                .header("X-Forwarded-For", client)
                .formParam("description", description).formParam("concern", "UNFAIR")
                .formParam("noticedAt", noticedAt).formParam("affected", "applicants over 60")
                .formParam("contact", "loan.officer@example.com").formParam("website", honeypot);
        if (form.cookie() != null) {
            request.cookie("aiim-report-csrf", form.cookie());
        }
        if (form.field() != null) {
            request.formParam("csrf-token", form.field());
        }
        return request.post("/report");
    }

    @Test
    void a_person_reports_through_the_form_and_the_report_becomes_a_detection() {
        String marker = "Denied again, " + UUID.randomUUID();
        Response posted = post(form(), address(), marker, "");
        posted.then().statusCode(303).header("Location", containsString("/report/receipt/R-"));
        String receiptId = posted.header("Location").replaceAll(".*/report/receipt/", "");

        given().get("/report/receipt/" + receiptId).then().statusCode(200).body(containsString(receiptId));
        var records = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> ("report-" + receiptId).equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        DetectionRaised raised = EventJson.read(records.get(0).value(), DetectionRaised.class);
        assertThat(raised.source()).isEqualTo(DetectionSource.STAKEHOLDER_REPORT);
        assertThat(raised.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        assertThat(raised.summary()).contains(marker);
        assertThat(raised.evidence()).containsEntry("affected", "applicants over 60").containsEntry("contactProvided", true);
        assertThat(records.get(0).value()).doesNotContain("loan.officer@example.com");
        given().get("/api/v1/reports/" + receiptId).then().statusCode(200)
                .body("status", equalTo("FORWARDED")).body("detectionId", equalTo("report-" + receiptId))
                .body(org.hamcrest.Matchers.not(containsString("loan.officer")));
    }

    @Test
    void without_the_matching_csrf_token_nothing_is_stored() {
        String marker = "csrf-" + UUID.randomUUID();
        Form real = form();
        post(new Form(real.cookie(), null), address(), marker, "").then().statusCode(403);
        post(new Form(null, real.field()), address(), marker, "").then().statusCode(403);
        post(new Form(real.cookie(), "forged"), address(), marker, "").then().statusCode(403);
        // an equal pair the service did not sign (a cookie set by another site on the same host), one signed
        // with another key, and one of its own older than two hours
        post(new Form("made-up", "made-up"), address(), marker, "").then().statusCode(403);
        String issued = String.valueOf(Instant.now().getEpochSecond()) + ".bm9uY2U";
        String otherKey = issued + "." + new SecretBox(Base64.getEncoder().encodeToString(new byte[32]))
                .mac("report-form-csrf", issued);
        post(new Form(otherKey, otherKey), address(), marker, "").then().statusCode(403);
        String old = (Instant.now().minus(Duration.ofHours(2).plusMinutes(1)).getEpochSecond()) + ".bm9uY2U";
        String expired = old + "." + secrets.mac("report-form-csrf", old);
        post(new Form(expired, expired), address(), marker, "").then().statusCode(403);
        String fresh = issued + "." + secrets.mac("report-form-csrf", issued);
        post(new Form(fresh, fresh), address(), marker, "").then().statusCode(303);
        assertThat(reportsWith(marker)).isEqualTo(1);
    }

    @Test
    void the_honeypot_catches_robots_without_telling_them() {
        String marker = "robot-" + UUID.randomUUID();
        post(form(), address(), marker, "http://spam.example").then().statusCode(303);
        assertThat(reportsWith(marker)).isZero();
    }

    @Test
    void the_form_tells_the_browser_to_run_no_foreign_script_and_not_to_be_framed() {
        given().get("/report").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff");
        given().get("/api/v1/reports/R-NOSUCHRECEIPT").then().statusCode(404)
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", nullValue());
    }

    @Test
    void an_empty_description_is_asked_for_again() {
        post(form(), address(), " ", "").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("Please describe what you noticed"));
    }

    @Test
    void a_time_noticed_far_in_the_past_or_ahead_is_asked_for_again_and_nothing_is_stored() {
        // it would become the incident's start and skew the time to detect
        String marker = "when-" + UUID.randomUUID();
        String nextYear = LocalDateTime.now(ZoneOffset.UTC).plusYears(1).truncatedTo(ChronoUnit.MINUTES).toString();
        for (String noticedAt : List.of("-999999-01-01T00:00", "1999-01-01T00:00", nextYear)) {
            post(form(), address(), marker, "", noticedAt).then().statusCode(400)
                    .contentType(containsString("text/html")).body(containsString("The time you noticed it must"));
        }
        assertThat(reportsWith(marker)).isZero();
    }

    @Test
    void the_rate_limit_counts_what_every_replica_admitted() throws Throwable {
        // another replica admitted three reports from this address a minute ago: this one must refuse the fourth
        String client = address();
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(("report-client:" + client).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            await(() -> pool.preparedQuery("insert into report_admission (client_key, admitted_at) values ($1, $2)")
                    .execute(Tuple.of(HexFormat.of().formatHex(digest),
                            OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))));
        }
        problem(post(form(), client, "elsewhere " + UUID.randomUUID(), ""), 429, "too-many-requests")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void each_address_may_send_a_few_reports_then_waits() {
        String client = address();
        for (int i = 0; i < 3; i++) {
            post(form(), client, "rate " + i + " " + UUID.randomUUID(), "").then().statusCode(303);
        }
        problem(post(form(), client, "one too many", ""), 429, "too-many-requests")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void the_receipt_follows_the_incident_in_words_and_names_it_to_the_response_team_only() throws Exception {
        Response posted = post(form(), address(), "Chatbot insulted a customer " + UUID.randomUUID(), "");
        String receiptId = posted.header("Location").replaceAll(".*/report/receipt/", "");
        String detectionId = "report-" + receiptId;
        KafkaTestClient.readUntil(Topics.DETECTIONS, r -> detectionId.equals(KafkaTestClient.header(r, "ce_id")),
                Duration.ofSeconds(30));
        String incidentId = "inc-" + UUID.randomUUID();

        // What the incident service publishes when the detection opens an incident, and when it is triaged.
        produce(MessageTypes.INCIDENT_OPENED, SampleEvents.incidentOpened(incidentId, detectionId));
        awaitStatus(receiptId, "DETECTED");
        // whoever holds the receipt reads what is being done, never the platform's internal ids
        given().get("/api/v1/reports/" + receiptId).then().statusCode(200)
                .body("status", equalTo("LINKED")).body("incidentId", nullValue()).body("incidentStatus", nullValue())
                .body("statusText", equalTo("being looked into by the incident response team"));
        produce(MessageTypes.INCIDENT_TRIAGED, SampleEvents.incidentTriaged(incidentId));
        awaitStatus(receiptId, "TRIAGED");
        given().get("/report/receipt/" + receiptId).then().statusCode(200)
                .body(containsString("confirmed as an incident; the response team is working on it"))
                .body(not(containsString(incidentId)));
        given().get("/api/v1/reports/" + receiptId).then().body(not(containsString(incidentId)));
    }

    private static void produce(MessageType type, IncidentEvent event) throws Exception {
        KafkaTestClient.produce(Topics.INCIDENT_EVENTS, event.header().incidentId(), event.header().eventId(),
                type.ceType(), EventJson.write(event));
    }

    /** Waits until the receipt, read by a responder (who is told the incident), shows the incident's status. */
    private static void awaitStatus(String receiptId, String incidentStatus) {
        String responder = OidcWiremockTestResource.getAccessToken("rob", Set.of("responder"));
        Awaitility.await("receipt " + receiptId + " shows incident status " + incidentStatus).atMost(Duration.ofSeconds(30))
                .until(() -> given().auth().oauth2(responder).get("/api/v1/reports/" + receiptId).then().statusCode(200)
                        .extract().<String>path("incidentStatus"), incidentStatus::equals);
    }

    @Test
    @TestSecurity(user = "rita", roles = "reporter")
    void client_portals_report_through_the_api() {
        given().contentType(ContentType.JSON).header("X-Forwarded-For", address())
                .body("{\"description\": \"The chatbot gave medical advice\", \"concern\": \"HARMFUL\"}")
                .post("/api/v1/reports").then().statusCode(201)
                .header("Location", containsString("/api/v1/reports/R-"))
                .body("receiptId", startsWith("R-")).body("status", equalTo("RECEIVED"));
        problem(given().contentType(ContentType.JSON).header("X-Forwarded-For", address())
                .body("{\"description\": \"\", \"systemId\": \"ghost-system\"}").post("/api/v1/reports"), 400,
                "validation").body("errors[0].field", equalTo("description"));
        problem(given().contentType(ContentType.JSON).header("X-Forwarded-For", address())
                .body("{\"description\": \"d\", \"systemId\": \"ghost-system\"}").post("/api/v1/reports"), 400,
                "validation").body("errors[0].field", equalTo("systemId"));
        problem(given().contentType(ContentType.JSON).header("X-Forwarded-For", address())
                .body("{\"description\": \"d\", \"noticedAt\": \"-999999-01-01T00:00:00Z\"}").post("/api/v1/reports"),
                400, "validation").body("errors[0].field", equalTo("noticedAt"))
                .body("errors[0].message", containsString("within the last 365 days"));
        problem(given().get("/api/v1/reports/R-NOSUCHRECEIPT"), 404, "not-found");
    }

    @Test
    void the_api_needs_a_signed_in_user() {
        problem(given().contentType(ContentType.JSON).body("{\"description\": \"d\"}").post("/api/v1/reports"), 401,
                "unauthenticated");
    }

    private static long reportsWith(String marker) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(*) from stakeholder_report where description = :m", Long.class)
                .setParameter("m", marker).getSingleResult())));
    }
}
