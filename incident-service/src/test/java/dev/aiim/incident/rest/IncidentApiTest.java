package dev.aiim.incident.rest;

import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.service.IncidentCommandService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.aiim.incident.IncidentFixtures.INCIDENTS;
import static dev.aiim.incident.IncidentFixtures.json;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The incident API over HTTP against the real PostgreSQL: the playbook's path and every refusal. */
@QuarkusTest
class IncidentApiTest {

    private static final String SENIOR_COMMANDER = """
            {"id": "commander", "name": "Casey Commander", "email": "casey@example.com", "seniorLeader": true}""";

    @Inject
    IncidentCommandService commands;

    @BeforeEach
    void caseyIsASeniorLeaderInTheDirectory() {
        IncidentFixtures.inDirectory("commander", "Casey Commander", true);
    }

    private String seed() {
        return IncidentFixtures.seed(commands, "credit-" + UUID.randomUUID()).id();
    }

    private static String post(String path, String ifMatch, String body) {
        var request = json(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.post(path).then().statusCode(200).extract().header("ETag");
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void the_playbook_from_declaration_to_resolution() {
        Instant occurred = Instant.now().minusSeconds(3600);
        Response declared = json("""
                {"title": "Credit model denies applicants over 60", "description": "loan officers noticed",
                 "systemId": "credit-scoring", "category": "BIAS_FAIRNESS", "severity": "SEV2",
                 "occurredAt": "%s", "source": "MANUAL", "simulation": false}""".formatted(occurred))
                .post(INCIDENTS);
        declared.then().statusCode(201).header("ETag", "\"1\"")
                .body("status", equalTo("DETECTED")).body("severity", equalTo("SEV2"))
                .body("signals.count", equalTo(0)).body("due.triage", notNullValue());
        String id = declared.path("id");
        assertThat(declared.header("Location")).endsWith(INCIDENTS + "/" + id);
        String path = INCIDENTS + "/" + id;

        String etag = post(path + "/triage", "\"1\"", """
                {"decision": "CONFIRMED", "severity": "SEV1", "rationale": "active harm to applicants",
                 "commander": %s}""".formatted(SENIOR_COMMANDER));
        assertThat(etag).isEqualTo("\"3\"");
        json("{\"id\": \"tl\", \"name\": \"Tara Lead\", \"email\": \"tara@example.com\"}")
                .put(path + "/roles/TECHNICAL_LEAD").then().statusCode(200)
                .body("roles.TECHNICAL_LEAD.name", equalTo("Tara Lead"))
                .body("roles.INCIDENT_COMMANDER.seniorLeader", equalTo(true));
        post(path + "/containment-actions", null, """
                {"type": "ROLLBACK", "description": "rolled back to the last known-good model",
                 "targetModelVersion": "credit-v41", "effective": true}""");
        post(path + "/containment", null, "{\"summary\": \"rollback stopped the denials\"}");
        post(path + "/findings", null, """
                {"description": "approval rate for 60+ fell from 61% to 12%", "affectedPopulation": "applicants 60+",
                 "evidence": "fairness monitor window 09:00-11:00"}""");
        post(path + "/root-cause", null, """
                {"category": "DATA_PIPELINE_CHANGE", "description": "age band encoding changed upstream",
                 "contributingFactors": ["no schema contract", "no fairness monitor"]}""");
        post(path + "/resolution-steps", null, "{\"step\": \"FIX_DEVELOPED\", \"description\": \"encoder fixed\"}");
        post(path + "/resolution-steps", null, """
                {"step": "FIX_TESTED", "description": "holdout and fairness suite",
                 "fairnessCriteriaMet": true, "performanceCriteriaMet": true}""");
        post(path + "/resolution-steps", null, "{\"step\": \"FIX_DEPLOYED\", \"description\": \"v42 deployed\"}");
        post(path + "/resolution-steps", null, """
                {"step": "IMPACT_REMEDIATED", "description": "denials re-decided", "affectedDecisionsCorrected": 1412}""");
        post(path + "/timeline-entries", null, """
                {"at": "%s", "text": "first complaint from a branch"}""".formatted(occurred.plusSeconds(600)));
        post(path + "/resolve", null, "{\"summary\": \"fixed encoder deployed, decisions corrected\"}");

        given().get(path).then().statusCode(200)
                .header("ETag", "\"14\"")
                .body("version", equalTo(14))
                .body("status", equalTo("RESOLVED"))
                .body("severity", equalTo("SEV1"))
                .body("triagedAt", notNullValue())
                .body("containedAt", notNullValue())
                .body("resolvedAt", notNullValue())
                .body("closedAt", nullValue())
                .body("containmentActions[0].type", equalTo("ROLLBACK"))
                .body("containmentActions[0].takenBy.id", equalTo("commander"))
                .body("rootCause.category", equalTo("DATA_PIPELINE_CHANGE"))
                .body("resolutionSteps", hasSize(4))
                .body("resolutionSteps[3].affectedDecisionsCorrected", equalTo(1412))
                .body("findings[0].affectedPopulation", equalTo("applicants 60+"))
                .body("severityHistory[0].to", equalTo("SEV1"))
                .body("due.containment", notNullValue())
                .body("overdue", hasSize(0))
                .body("review.status", equalTo("NOT_STARTED"));

        List<Map<String, Object>> timeline = given().get(path + "/timeline").then().statusCode(200)
                .body("text", hasItem("first complaint from a branch"))
                .extract().jsonPath().getList("$");
        assertThat(timeline).hasSize(14);
        assertThat(timeline).extracting(e -> Instant.parse((String) e.get("at"))).isSorted();

        List<Map<String, Object>> events = given().get(path + "/events").then().statusCode(200)
                .body("type", hasItems("incident.opened", "incident.triaged", "incident.resolved"))
                .extract().jsonPath().getList("$");
        assertThat(events).extracting(e -> ((Number) e.get("version")).longValue())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 14).boxed().toList());
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("prevHash")).isEqualTo(events.get(i - 1).get("hash"));
        }
        given().get(path + "/integrity").then().statusCode(200)
                .body("valid", equalTo(true)).body("eventCount", equalTo(14))
                .body("headHash", equalTo(events.get(13).get("hash")));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void lists_filter_and_page() {
        String systemId = "list-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            IncidentFixtures.seed(commands, systemId);
        }
        given().queryParam("systemId", systemId).queryParam("status", "DETECTED").queryParam("size", 2)
                .get(INCIDENTS).then().statusCode(200)
                .body("total", equalTo(3)).body("items", hasSize(2)).body("page", equalTo(0)).body("size", equalTo(2))
                .body("items[0].systemId", equalTo(systemId));
        given().queryParam("systemId", systemId).queryParam("status", "TRIAGED").get(INCIDENTS).then()
                .statusCode(200).body("total", equalTo(0));
        given().queryParam("systemId", systemId).queryParam("open", "true").queryParam("page", 1)
                .queryParam("size", 2).get(INCIDENTS).then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void bad_list_parameters_name_the_parameter() {
        problem(given().queryParam("status", "OPENED").get(INCIDENTS), 400, "validation")
                .body("errors[0].field", equalTo("status"));
        problem(given().queryParam("size", 500).get(INCIDENTS), 400, "validation")
                .body("errors[0].field", equalTo("size"));
        problem(given().queryParam("open", "maybe").get(INCIDENTS), 400, "validation")
                .body("errors[0].field", equalTo("open"));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void a_past_version_can_be_read() {
        String id = seed();
        IncidentFixtures.run(commands, id, new dev.aiim.incident.domain.IncidentCommand.TriageIncident(
                dev.aiim.incident.domain.TriageDecision.CONFIRMED, dev.aiim.contracts.Severity.SEV3, "real", null));
        given().queryParam("version", 1).get(INCIDENTS + "/" + id).then().statusCode(200)
                .header("ETag", "\"1\"").body("status", equalTo("DETECTED")).body("version", equalTo(1));
        given().get(INCIDENTS + "/" + id).then().statusCode(200).body("status", equalTo("TRIAGED"));
        problem(given().queryParam("version", 9).get(INCIDENTS + "/" + id), 404, "not-found");
    }

    // --- Refusals

    @Test
    void anonymous_callers_get_401() {
        String id = seed();
        problem(given().get(INCIDENTS + "/" + id), 401, "unauthenticated");
        problem(json("{\"summary\": \"x\"}").post(INCIDENTS + "/" + id + "/containment"), 401, "unauthenticated");
    }

    @Test
    @TestSecurity(user = "leadership", roles = "leadership")
    void leadership_reads_but_cannot_act() {
        String id = seed();
        given().get(INCIDENTS + "/" + id).then().statusCode(200);
        problem(json("{\"title\": \"t\", \"category\": \"SAFETY\"}").post(INCIDENTS), 403, "forbidden");
        problem(json("{\"description\": \"d\"}").post(INCIDENTS + "/" + id + "/findings"), 403, "forbidden");
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void admins_configure_the_platform_but_do_not_run_incidents() {
        String id = seed();
        given().get(INCIDENTS + "/" + id).then().statusCode(200);
        problem(json("{\"title\": \"t\", \"category\": \"SAFETY\"}").post(INCIDENTS), 403, "forbidden");
        problem(json("{\"summary\": \"s\"}").post(INCIDENTS + "/" + id + "/containment"), 403, "forbidden");
    }

    @Test
    @TestSecurity(user = "reporter", roles = "reporter")
    void reporters_do_not_see_incidents() {
        problem(given().get(INCIDENTS), 403, "forbidden");
        problem(given().get(INCIDENTS + "/" + seed() + "/events"), 403, "forbidden");
    }

    @Test
    @TestSecurity(user = "regulator", roles = "regulator")
    void regulators_verify_integrity_but_do_not_read_the_working_view() {
        String id = seed();
        given().get(INCIDENTS + "/" + id + "/integrity").then().statusCode(200).body("valid", equalTo(true));
        problem(given().get(INCIDENTS + "/" + id), 403, "forbidden");
        // the event chain, as an export's integrity block refers to it: hashes and types, not the working text
        given().get(INCIDENTS + "/" + id + "/events").then().statusCode(200)
                .body("[0].hash", notNullValue()).body("[0].type", notNullValue())
                .body("[0].payload", nullValue()).body("[0].metadata", nullValue()).body("[0].actor", nullValue());
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void responders_read_the_events_whole() {
        given().get(INCIDENTS + "/" + seed() + "/events").then().statusCode(200)
                .body("[0].payload", notNullValue()).body("[0].actor.id", notNullValue());
    }

    @Test
    @TestSecurity(user = "responder", roles = "responder")
    void a_responder_records_but_does_not_decide() {
        String id = seed();
        post(INCIDENTS + "/" + id + "/findings", null, "{\"description\": \"denials cluster in one region\"}");
        post(INCIDENTS + "/" + id + "/containment-actions", null, """
                {"type": "GUARDRAIL", "description": "manual review for denials", "effective": true}""");
        problem(json("{\"decision\": \"CONFIRMED\", \"severity\": \"SEV3\", \"rationale\": \"r\"}")
                .post(INCIDENTS + "/" + id + "/triage"), 403, "forbidden")
                .body("detail", containsString("incident commander"));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void unknown_incidents_are_404() {
        problem(given().get(INCIDENTS + "/no-such-incident"), 404, "not-found");
        problem(json("{\"summary\": \"x\"}").post(INCIDENTS + "/no-such-incident/resolve"), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void an_illegal_transition_is_409_and_says_which_state_allows_it_and_writes_nothing() {
        String id = seed();
        problem(json("{\"summary\": \"done\"}").post(INCIDENTS + "/" + id + "/resolve"), 409, "conflict")
                .body("detail", containsString("allowed only when the incident is CONTAINED"));
        given().get(INCIDENTS + "/" + id + "/events").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void a_playbook_rule_is_409_in_its_own_words() {
        String id = seed();
        problem(json("{\"decision\": \"CONFIRMED\", \"severity\": \"SEV1\", \"rationale\": \"r\"}")
                .post(INCIDENTS + "/" + id + "/triage"), 409, "conflict")
                .body("detail", containsString("SEV1 needs a senior engineering leader as incident commander"));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void whether_a_commander_is_a_senior_leader_is_the_directorys_word_not_the_requests() {
        String u = UUID.randomUUID().toString();
        IncidentFixtures.inDirectory("engineer-" + u, "Eli Engineer", false);
        String id = seed();
        String path = INCIDENTS + "/" + id;
        // a made-up id and a known engineer both claim to be senior leaders: neither may command a SEV1
        for (String claimant : List.of("impostor-" + u, "engineer-" + u)) {
            problem(json("""
                    {"decision": "CONFIRMED", "severity": "SEV1", "rationale": "r",
                     "commander": {"id": "%s", "name": "Claimant", "seniorLeader": true}}""".formatted(claimant))
                    .post(path + "/triage"), 409, "conflict")
                    .body("detail", containsString("SEV1 needs a senior engineering leader"));
        }
        given().get(path + "/events").then().body("$", hasSize(1));
        // the directory's senior leader is one even when the request says otherwise
        json("""
                {"decision": "CONFIRMED", "severity": "SEV2", "rationale": "r",
                 "commander": {"id": "commander", "name": "Casey Commander", "seniorLeader": false}}""")
                .post(path + "/triage").then().statusCode(200)
                .body("roles.INCIDENT_COMMANDER.seniorLeader", equalTo(true));
        // and a hand-over to someone the directory does not know as one is refused on a SEV2
        problem(json("{\"id\": \"impostor-%s\", \"name\": \"Claimant\", \"seniorLeader\": true}".formatted(u))
                .put(path + "/roles/INCIDENT_COMMANDER"), 409, "conflict");
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void a_declared_incident_keeps_to_the_bounds_on_reported_times_and_to_peoples_sources() {
        String marker = "bounded-" + UUID.randomUUID();
        String tooOld = "{\"title\": \"t\", \"systemId\": \"%s\", \"category\": \"SAFETY\","
                + " \"occurredAt\": \"-999999-01-01T00:00:00Z\"}";
        problem(json(tooOld.formatted(marker)).post(INCIDENTS), 400, "validation")
                .body("errors[0].field", equalTo("occurredAt"))
                .body("errors[0].message", containsString("within the last 365 days"));
        problem(json("{\"title\": \"t\", \"systemId\": \"%s\", \"category\": \"SAFETY\", \"detectedAt\": \"%s\"}"
                .formatted(marker, Instant.now().minus(java.time.Duration.ofDays(400)))).post(INCIDENTS), 400,
                "validation").body("errors[0].field", equalTo("detectedAt"));
        problem(json("{\"title\": \"t\", \"systemId\": \"%s\", \"category\": \"SAFETY\", \"source\": \"MONITOR\"}"
                .formatted(marker)).post(INCIDENTS), 400, "validation").body("errors[0].field", equalTo("source"));
        given().queryParam("systemId", marker).get(INCIDENTS).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void a_stale_if_match_is_412() {
        String id = seed();
        problem(json("{\"at\": \"%s\", \"text\": \"x\"}".formatted(Instant.now())).header("If-Match", "\"7\"")
                .post(INCIDENTS + "/" + id + "/timeline-entries"), 412, "precondition-failed");
        problem(json("{\"at\": \"%s\", \"text\": \"x\"}".formatted(Instant.now())).header("If-Match", "seven")
                .post(INCIDENTS + "/" + id + "/timeline-entries"), 400, "malformed-request");
        given().get(INCIDENTS + "/" + id + "/events").then().body("$", hasSize(1));
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void invalid_bodies_name_every_field() {
        problem(json("{\"description\": \"no title\"}").post(INCIDENTS), 400, "validation")
                .body("errors.field", hasItems("title", "category"));
        String id = seed();
        problem(json("{\"type\": \"ROLLBACK\", \"description\": \"rolled back\", \"effective\": true}")
                .post(INCIDENTS + "/" + id + "/containment-actions"), 400, "validation")
                .body("errors[0].field", equalTo("targetModelVersion"));
        problem(json("{\"type\": \"SHUTDOWN\", \"description\": \"d\", \"effective\": true}")
                .post(INCIDENTS + "/" + id + "/containment-actions"), 400, "validation")
                .body("errors[0].field", equalTo("type"));
        problem(json("{\"id\": \"x\", \"name\": \"X\"}").put(INCIDENTS + "/" + id + "/roles/JANITOR"), 400, "validation")
                .body("errors[0].field", equalTo("role"));
        IncidentFixtures.run(commands, id, new dev.aiim.incident.domain.IncidentCommand.TriageIncident(
                dev.aiim.incident.domain.TriageDecision.CONFIRMED, dev.aiim.contracts.Severity.SEV3, "real", null));
        problem(json("{\"step\": \"FIX_TESTED\", \"description\": \"d\", \"fairnessCriteriaMet\": false,"
                + " \"performanceCriteriaMet\": true}").post(INCIDENTS + "/" + id + "/resolution-steps"), 400, "validation")
                .body("errors[0].field", equalTo("fairnessCriteriaMet"));
        given().get(INCIDENTS + "/" + id + "/events").then().body("$", hasSize(2));
    }
}
