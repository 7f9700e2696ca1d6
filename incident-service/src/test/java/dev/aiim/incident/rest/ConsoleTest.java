package dev.aiim.incident.rest;

import dev.aiim.incident.IncidentFixtures;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.TriageDecision;
import dev.aiim.incident.messaging.IncidentChangeFeed;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.platform.security.SecretBox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.aiim.incident.IncidentFixtures.INCIDENTS;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The responder console over HTTP: sign-in first, the list and the page, forms that end as the JSON API's events,
 * refusals drawn next to the form with the typed text kept (CSRF and role 403, 400, stale 412), and the change
 * feed the live updates ride on.
 */
@QuarkusTest
class ConsoleTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @Inject
    IncidentCommandService commands;
    @Inject
    dev.aiim.incident.service.IntegrityCheckpoints checkpoints;
    @Inject
    dev.aiim.incident.service.IncidentQueryService queries;
    @Inject
    IncidentChangeFeed feed;
    @Inject
    SecretBox secrets;

    @Test
    void without_a_session_the_browser_is_sent_to_sign_in() {
        given().redirects().follow(false).accept("text/html").get("/console").then().statusCode(302)
                .header("Location", containsString("response_type=code"))
                .header("Location", containsString("%2Fconsole"));
        // the JSON API is not part of the sign-in flow: no token, 401
        problem(given().get(INCIDENTS), 401, "unauthenticated");
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void a_commander_triages_from_the_page_and_the_api_records_the_same_event() {
        String id = seed();
        given().accept("text/html").get("/console").then().statusCode(200)
                .body(containsString("/console/incidents/" + id), containsString("Triage within 30 minutes"));
        String page = page(id);
        assertThat(page).contains("What the playbook asks next", "action=\"/console/incidents/" + id + "/triage\"",
                "name=\"version\" value=\"1\"", "/dashboard/incidents/" + id + "/review")
                .doesNotContain("Regulator exports");

        form(page).formParam("decision", "CONFIRMED").formParam("severity", "SEV3")
                .formParam("rationale", "approvals fell for one group").formParam("version", "1")
                .post("/console/incidents/" + id + "/triage")
                .then().statusCode(303).header("Location", containsString("/console/incidents/" + id));

        given().get(INCIDENTS + "/" + id).then().statusCode(200).body("status", equalTo("TRIAGED"))
                .body("severity", equalTo("SEV3")).body("triageRationale", equalTo("approvals fell for one group"));
        List<String> types = given().get(INCIDENTS + "/" + id + "/events").then().extract().jsonPath().getList("type");
        assertThat(types).containsExactly("incident.opened", "incident.triaged");
        assertThat(page(id)).contains("Status: <strong id=\"status\">TRIAGED</strong>", "approvals fell for one group");
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void a_stale_form_is_refused_with_what_changed_and_keeps_what_was_typed() {
        String id = seed();
        String page = page(id);
        IncidentFixtures.run(commands, id, new IncidentCommand.AddTimelineEntry(Instant.now(),
                "someone else logged this first"));

        String html = form(page).formParam("at", "2026-01-01T10:00").formParam("text", "my carefully typed note")
                .formParam("version", "1").post("/console/incidents/" + id + "/timeline-entries")
                .then().statusCode(412).contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("my carefully typed note", "Changed meanwhile", "someone else logged this first",
                "name=\"version\" value=\"2\"");
        assertThat(eventCount(id)).isEqualTo(2);

        // sent again from the refused page (now at version 2), it is taken
        form(html).formParam("at", "2026-01-01T10:00").formParam("text", "my carefully typed note")
                .formParam("version", "2").post("/console/incidents/" + id + "/timeline-entries")
                .then().statusCode(303);
        assertThat(eventCount(id)).isEqualTo(3);
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void a_post_without_the_csrf_token_is_refused_and_changes_nothing() {
        String id = seed();
        String html = given().redirects().follow(false).formParam("text", "forged").formParam("at", "2026-01-01T10:00")
                .formParam("version", "1").post("/console/incidents/" + id + "/timeline-entries")
                .then().statusCode(403).extract().asString();
        assertThat(html).contains("security token", "forged");
        given().redirects().follow(false).formParam("csrf-token", "not-the-token").formParam("text", "forged")
                .formParam("at", "2026-01-01T10:00").formParam("version", "1")
                .post("/console/incidents/" + id + "/timeline-entries").then().statusCode(403);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void an_invalid_field_is_named_next_to_the_form() {
        String id = seed();
        String html = form(page(id)).formParam("decision", "CONFIRMED").formParam("rationale", "")
                .formParam("version", "1").post("/console/incidents/" + id + "/triage")
                .then().statusCode(400).extract().asString();
        assertThat(html).contains("id=\"refusal-triage\"", "<code>rationale</code>");
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "lena", roles = "leadership")
    void leadership_reads_without_forms_and_a_forged_post_is_refused() {
        String id = seed();
        String page = page(id);
        assertThat(page).contains("What the playbook asks next", "waiting for: incident commander")
                .doesNotContain("method=\"post\"");
        String html = given().redirects().follow(false).formParam("csrf-token", secrets.mac("console-csrf", "lena"))
                .formParam("text", "a leader's note").formParam("at", "2026-01-01T10:00").formParam("version", "1")
                .post("/console/incidents/" + id + "/timeline-entries").then().statusCode(403).extract().asString();
        assertThat(html).contains("only responders and commanders act");
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "rita", roles = "responder")
    void a_responder_is_offered_only_what_a_responder_may_do() {
        String id = seed();
        String page = page(id);
        assertThat(page).contains("id=\"form-timeline-entries\"", "id=\"form-containment-actions\"",
                "waiting for: incident commander").doesNotContain("id=\"form-triage\"", "id=\"form-severity\"");
        // the server checks too: the decider refuses the triage a hidden button would not have offered
        String html = form(page).formParam("decision", "CONFIRMED").formParam("severity", "SEV3")
                .formParam("rationale", "I think so").formParam("version", "1")
                .post("/console/incidents/" + id + "/triage").then().statusCode(403).extract().asString();
        assertThat(html).contains("Only the incident commander may triage", "I think so");
    }

    @Test
    @TestSecurity(user = "rex", roles = "regulator")
    void a_regulator_sees_the_integrity_and_nothing_internal() throws Throwable {
        String uncovered = seed();
        assertThat(page(uncovered)).contains("No signed checkpoint covers this incident yet");
        String id = seed();
        IncidentFixtures.run(commands, id, new IncidentCommand.AddTimelineEntry(Instant.now(), "internal note"));
        IncidentFixtures.checkpointed(checkpoints, queries, id, 2);
        String page = page(id);
        assertThat(page).contains("Matches signed checkpoint", "(versions 1 to 2)");
        assertThat(page).contains("Event chain valid, 2 events", "Recomputed from storage at", "/dashboard/incidents/"
                + id + "/exports/eu-ai-act-art73?format=pdf").doesNotContain("internal note", "Timeline",
                "What the playbook asks next", "Review document");
        // the live part of the page names no change's content to a regulator either
        given().accept("text/html").get("/console/incidents/" + id + "/live?since=0").then().statusCode(200)
                .body(containsString("Event chain valid"), not(containsString("internal note")));
        given().accept("text/html").get("/console").then().statusCode(200)
                .body(not(containsString("/console/incidents/" + id)));
        // nor the stream that names every changed incident
        given().get("/console/changes").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void an_action_item_is_marked_done_and_the_review_form_shows_the_draft() {
        String id = seed();
        IncidentFixtures.run(commands, id, new IncidentCommand.TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3,
                "real", null));
        IncidentFixtures.run(commands, id, new IncidentCommand.DraftReview(new PostIncidentReview("What happened",
                null, null, null, List.of("why one", "why two"), null, List.of("a lesson"))));
        String itemId = IncidentFixtures.run(commands, id, new IncidentCommand.AddActionItem("Gate releases on"
                + " fairness", "risk-ml", LocalDate.of(2027, 1, 31), ActionItemKind.PREVENT)).actionItems().get(0).id();
        String page = page(id);
        assertThat(page).contains("why one\nwhy two</textarea>", "a lesson</textarea>",
                "action=\"/console/incidents/" + id + "/action-items/" + itemId + "/complete\"");

        form(page).formParam("version", "4").post("/console/incidents/" + id + "/action-items/" + itemId
                + "/complete").then().statusCode(303);
        given().get(INCIDENTS + "/" + id).then().body("actionItems[0].status", equalTo("DONE"));
        // done twice is refused, and the refusal is shown although the button is gone
        String html = form(page).formParam("version", "5").post("/console/incidents/" + id + "/action-items/"
                + itemId + "/complete").then().statusCode(409).extract().asString();
        assertThat(html).contains("id=\"refusal\"", "was completed at");
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void every_committed_change_reaches_the_change_feed() {
        List<IncidentChangeFeed.IncidentChanged> heard = new CopyOnWriteArrayList<>();
        var subscription = feed.changes().subscribe().with(heard::add);
        try {
            String id = seed();
            IncidentFixtures.run(commands, id, new IncidentCommand.AddTimelineEntry(Instant.now(), "noted"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard)
                    .contains(new IncidentChangeFeed.IncidentChanged(id, 1),
                            new IncidentChangeFeed.IncidentChanged(id, 2)));
        } finally {
            subscription.cancel();
        }
    }

    private String seed() {
        return IncidentFixtures.seed(commands, "console-" + UUID.randomUUID()).id();
    }

    private static String page(String id) {
        return given().accept("text/html").get("/console/incidents/" + id).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
    }

    /** A post carrying the CSRF token drawn on {@code page}, as the browser's form would. */
    private static RequestSpecification form(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("the page draws a CSRF token").isTrue();
        return given().redirects().follow(false).formParam("csrf-token", token.group(1));
    }

    private static int eventCount(String id) {
        return given().get(INCIDENTS + "/" + id + "/events").then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }
}
