package dev.aiim.incident.rest;

import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.service.IncidentCommandService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static dev.aiim.incident.IncidentFixtures.INCIDENTS;
import static dev.aiim.incident.IncidentFixtures.json;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Phases 6 and 7 over HTTP: status updates, the regulatory assessment, the review, action items, close, reopen. */
@QuarkusTest
@TestSecurity(user = "commander", roles = "commander")
class ResponseToCloseApiTest {

    @Inject
    IncidentCommandService commands;

    private static ValidatableResponse ok(Response response) {
        return response.then().statusCode(200);
    }

    @BeforeEach
    void caseyIsASeniorLeaderInTheDirectory() {
        IncidentFixtures.inDirectory("commander", "Casey Commander", true);
    }

    /** A seeded incident triaged to SEV2 with a senior commander, through the API. */
    private String triagedSev2() {
        String id = IncidentFixtures.seed(commands, "close-" + UUID.randomUUID()).id();
        ok(json("""
                {"decision": "CONFIRMED", "severity": "SEV2", "rationale": "harm",
                 "commander": {"id": "commander", "name": "Casey Commander", "seniorLeader": true}}""")
                .post(INCIDENTS + "/" + id + "/triage"));
        return id;
    }

    /** A SEV2 incident taken to RESOLVED through the API. */
    private String resolvedSev2() {
        String id = triagedSev2();
        String path = INCIDENTS + "/" + id;
        ok(json("{\"type\": \"DISABLE\", \"description\": \"model switched off\", \"effective\": true}")
                .post(path + "/containment-actions"));
        ok(json("{\"summary\": \"off\"}").post(path + "/containment"));
        ok(json("{\"step\": \"FIX_TESTED\", \"description\": \"t\", \"fairnessCriteriaMet\": true,"
                + " \"performanceCriteriaMet\": true}").post(path + "/resolution-steps"));
        ok(json("{\"step\": \"FIX_DEPLOYED\", \"description\": \"d\"}").post(path + "/resolution-steps"));
        ok(json("{\"summary\": \"fixed\"}").post(path + "/resolve"));
        return id;
    }

    @Test
    void status_updates_need_a_communications_lead_for_the_client_of_a_sev2_and_set_the_next_update() {
        String path = INCIDENTS + "/" + triagedSev2();
        String update = """
                {"audience": "CLIENT", "whatIsKnown": "one group was denied", "whatIsBeingDone": "rolled back",
                 "nextUpdateBy": "%s"}""".formatted(Instant.now().plusSeconds(3600));
        problem(json(update).post(path + "/status-updates"), 409, "conflict")
                .body("detail", containsString("communications lead"));

        ok(json("{\"id\": \"comms\", \"name\": \"Cam Comms\"}").put(path + "/roles/COMMUNICATIONS_LEAD"));
        ok(json(update).post(path + "/status-updates"))
                .body("lastStatusUpdate.audience", equalTo("CLIENT"))
                .body("lastStatusUpdate.whatIsKnown", equalTo("one group was denied"))
                .body("nextUpdateDue", notNullValue());
        problem(json("{\"audience\": \"PRESS\", \"whatIsKnown\": \"k\", \"whatIsBeingDone\": \"d\"}")
                .post(path + "/status-updates"), 400, "validation").body("errors[0].field", equalTo("audience"));
    }

    @Test
    void the_regulatory_assessment_lists_each_regime_with_its_deadline() {
        String id = IncidentFixtures.seed(commands, "reg-" + UUID.randomUUID()).id();
        Instant aware = Instant.parse("2026-03-03T09:00:00Z");
        ok(json("""
                {"awareAt": "%s", "personalDataInvolved": true, "phiInvolved": false, "affectedIndividuals": 1412,
                 "aiActSeriousIncident": {"categories": ["c"], "death": false, "widespreadInfringement": false,
                   "criticalInfrastructure": false, "memberStates": ["DE"], "causalLink": "LIKELY",
                   "causalLinkAt": "%s"},
                 "nis2Significant": false}""".formatted(aware, aware.plusSeconds(3600)))
                .put(INCIDENTS + "/" + id + "/regulatory-assessment"))
                .body("regulatory.assessed", equalTo(true))
                .body("regulatory.regimes.regime", hasItems("eu-ai-act-art73", "gdpr-art33"))
                .body("regulatory.regimes.find { it.regime == 'gdpr-art33' }.dueAt", equalTo("2026-03-06T09:00:00Z"))
                .body("regulatory.regimes.find { it.regime == 'eu-ai-act-art73' }.dueAt", equalTo("2026-03-18T09:00:00Z"))
                .body("regulatory.regimes.find { it.regime == 'gdpr-art33' }.overdue", equalTo(true));
        problem(json("{\"awareAt\": \"%s\", \"phiInvolved\": false, \"nis2Significant\": false}".formatted(aware))
                .put(INCIDENTS + "/" + id + "/regulatory-assessment"), 400, "validation")
                .body("errors[0].field", equalTo("personalDataInvolved"));
        problem(json("""
                {"awareAt": "%s", "personalDataInvolved": false, "phiInvolved": false, "nis2Significant": false,
                 "aiActSeriousIncident": {"categories": ["z"], "causalLink": "LIKELY"}}""".formatted(aware))
                .put(INCIDENTS + "/" + id + "/regulatory-assessment"), 400, "validation")
                .body("errors[0].field", containsString("categories"));

        // the GDPR notification goes to the authority: recorded with its digest, its clock stops being overdue
        String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        ok(json("""
                {"regime": "gdpr-art33", "stage": "NOTIFICATION", "digest": "%s",
                 "authority": "BfDI", "authorityReference": "BfDI-2026-17"}""".formatted(sha))
                .post(INCIDENTS + "/" + id + "/regulatory-submissions"))
                .body("regulatory.submissions", hasSize(1))
                .body("regulatory.submissions[0].digest", equalTo("sha-256:" + sha))
                .body("regulatory.submissions[0].reportId", equalTo(id + "/gdpr-art33/notification"))
                .body("regulatory.submissions[0].clocksMet", hasItems("gdpr-art33"))
                .body("regulatory.regimes.find { it.regime == 'gdpr-art33' }.metAt", notNullValue())
                .body("regulatory.regimes.find { it.regime == 'gdpr-art33' }.overdue", equalTo(false))
                .body("regulatory.regimes.find { it.regime == 'eu-ai-act-art73' }.metAt", nullValue());
        problem(json("""
                {"regime": "gdpr-art33", "stage": "NOTIFICATION", "digest": "sha-256:%s"}"""
                .formatted(sha)).post(INCIDENTS + "/" + id + "/regulatory-submissions"), 409, "conflict");
        problem(json("{\"regime\": \"gdpr-art33\", \"stage\": \"NOTIFICATION\", \"digest\": \"abc\"}")
                .post(INCIDENTS + "/" + id + "/regulatory-submissions"), 400, "validation")
                .body("errors[0].field", equalTo("digest"));
        problem(json("{\"regime\": \"gdpr-art33\", \"digest\": \"abc\"}")
                .post(INCIDENTS + "/" + id + "/regulatory-submissions"), 400, "validation");
    }

    /**
     * NIS2 by Implementing Regulation 2024/2690: a loss below the threshold is not significant on its own, but a second
     * incident with the same root cause within six months counts with it (Art. 4), and the NIS2 clocks start.
     */
    @Test
    void two_incidents_with_the_same_root_cause_count_together_for_nis2() {
        String aware = Instant.now().minus(Duration.ofHours(1)).toString();
        String cause = "{\"category\": \"ADVERSARIAL_MANIPULATION\", \"description\": \"prompt injection\","
                + " \"contributingFactors\": []}";
        String assessment = """
                {"awareAt": "%s", "personalDataInvolved": false, "phiInvolved": false, "nis2Significant": false,
                 "nis2": {"financialLossEur": %d, "annualTurnoverEur": 80000000}}""";
        String first = triagedSev2();
        ok(json(cause).post(INCIDENTS + "/" + first + "/root-cause"));
        // on its own below EUR 500,000 (a database that kept earlier runs may already count those with it)
        ok(json(assessment.formatted(aware, 300_000)).put(INCIDENTS + "/" + first + "/regulatory-assessment"))
                .body("regulatory.assessment.nis2.criteriaMet", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem(containsString("Art. 3"))));

        String second = triagedSev2();
        ok(json(cause).post(INCIDENTS + "/" + second + "/root-cause"));
        ok(json(assessment.formatted(aware, 250_000)).put(INCIDENTS + "/" + second + "/regulatory-assessment"))
                .body("regulatory.assessment.nis2.significant", equalTo(true))
                .body("regulatory.assessment.nis2.recurringIncidents", hasItems(first))
                .body("regulatory.assessment.nis2.criteriaMet[0]", containsString("Art. 4"))
                .body("regulatory.assessment.nis2Significant", equalTo(true))
                .body("regulatory.regimes.regime", hasItems("nis2-art23-early-warning", "nis2-art23-final-report"));
    }

    @Test
    void a_sev2_closes_only_after_its_review_is_published_and_action_items_stay_tracked() {
        String id = resolvedSev2();
        String path = INCIDENTS + "/" + id;
        problem(json("{\"summary\": \"done\"}").post(path + "/close"), 409, "conflict")
                .body("detail", containsString("published post-incident review"));
        problem(given().post(path + "/review/publish"), 409, "conflict").body("detail", containsString("draft it first"));

        ok(json("""
                {"summary": "An encoding change denied applicants over 60", "impact": "1,412 decisions",
                 "timelineNarrative": "detected by the fairness monitor", "rootCauseAnalysis": "no schema contract",
                 "fiveWhys": ["why 1", "why 2"], "responseEvaluation": {"detection": "5 min", "containment": "40 min",
                 "communication": "on cadence"}, "lessons": ["watch fairness"]}""").put(path + "/review"))
                .body("review.status", equalTo("DRAFT")).body("review.required", equalTo(true));
        ok(given().post(path + "/review/publish")).body("review.status", equalTo("PUBLISHED"))
                .body("review.review.publishedAt", notNullValue());

        String itemId = ok(json("""
                {"title": "Schema contract for age_band", "owner": "data-platform", "dueDate": "%s",
                 "kind": "PREVENT"}""".formatted(LocalDate.now().plusDays(30))).post(path + "/action-items"))
                .body("actionItems", hasSize(1)).body("actionItems[0].status", equalTo("OPEN"))
                .extract().path("actionItems[0].id");
        ok(json("{\"summary\": \"review published, items tracked\"}").post(path + "/close"))
                .body("status", equalTo("CLOSED")).body("closedAt", notNullValue());
        ok(given().post(path + "/action-items/" + itemId + "/complete")).body("actionItems[0].status", equalTo("DONE"));
        problem(given().post(path + "/action-items/" + itemId + "/complete"), 409, "conflict");
        problem(given().post(path + "/action-items/no-such-item/complete"), 404, "not-found");
        problem(json("{\"title\": \"t\", \"owner\": \"o\", \"dueDate\": \"soon\", \"kind\": \"PREVENT\"}")
                .post(path + "/action-items"), 400, "validation").body("errors[0].field", equalTo("dueDate"));

        ok(json("{\"reason\": \"denials are back\"}").post(path + "/reopen"))
                .body("status", equalTo("TRIAGED")).body("reopenCount", equalTo(1)).body("closedAt", equalTo(null));
    }
}
