package dev.aiim.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.AiSystemRegistered;
import dev.aiim.contracts.aisystem.AiSystemUpdated;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.CausalLink;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.integrity.Ed25519;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.SignedDocument;
import dev.aiim.integrity.SigningKey;
import dev.aiim.platform.testing.KafkaTestClient;
import dev.aiim.reporting.domain.HistoryBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static dev.aiim.reporting.IncidentEvents.produce;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regulator exports of a complete incident and of one with missing facts: valid against each regime's JSON
 * Schema, explicit about what is missing, with their deadline; PDFs that open; integrity that verifies and
 * fails when one field is altered.
 */
@QuarkusTest
class RegulatorExportTest {

    private static final List<String> REGIMES = List.of("eu-ai-act-art73", "gdpr-art33", "hipaa-breach", "nis2");

    /** The playbook's credit incident, every fact recorded; awareness now, so every deadline is still ahead. */
    private static List<IncidentEvent> complete(String incidentId, String systemId) {
        return completeHistory(incidentId, systemId).events();
    }

    private static HistoryBuilder completeHistory(String incidentId, String systemId) {
        Instant now = Instant.now();
        String aware = now.minus(Duration.ofHours(2)).toString();
        return new HistoryBuilder(incidentId, systemId, false)
                .opened("2026-11-24T08:00:00Z", "2026-11-24T08:05:00Z", DetectionSource.MONITOR)
                .role(IncidentRole.INCIDENT_COMMANDER, "casey", "Casey Commander", "2026-11-24T08:10:00Z")
                .triaged("2026-11-24T08:20:00Z", Severity.SEV1)
                .containmentAction("2026-11-24T08:50:00Z", "2.2.1")
                .contained("2026-11-24T09:00:00Z")
                .finding("2026-11-24T10:00:00Z", "Applicants aged 60+ in DE and AT")
                .assessed(aware, new AiActSeriousIncident(List.of("c"), false, false, false, List.of("DE", "AT"),
                        CausalLink.ESTABLISHED, Instant.parse("2026-11-24T10:30:00Z")), true, true, true, 1200L)
                .rootCause("2026-11-24T11:00:00Z")
                .resolutionStep("2026-11-24T12:00:00Z", ResolutionStepKind.FIX_DEPLOYED)
                .resolved("2026-11-24T13:00:00Z");
    }

    private static void register(String systemId) throws Exception {
        AiSystem system = new AiSystem(systemId, "Credit risk scoring", "Scores consumer credit applications", "risk-ml",
                new AiSystem.Client("Mid-tier bank", List.of()), RiskTier.HIGH, "2.3.0", List.of("2.2.1"),
                List.of("PERSONAL_DATA"), List.of("EU"), "EUDB-HR-2026-000123", 1);
        KafkaTestClient.produce(Topics.AI_SYSTEMS, systemId, "sys-" + systemId, MessageTypes.AI_SYSTEM_REGISTERED.ceType(),
                EventJson.write(new AiSystemRegistered(system, "admin", Instant.now())));
    }

    private static JsonNode export(String incidentId, String regime) throws Exception {
        return EventJson.mapper().readTree(given().get("/api/v1/incidents/" + incidentId + "/exports/" + regime).then()
                .statusCode(200).extract().asString());
    }

    private static boolean ready(String incidentId, int events) {
        return given().get("/api/v1/incidents/" + incidentId + "/exports/nis2").then().extract().statusCode() == 200
                && given().get("/api/v1/incidents/" + incidentId + "/exports/nis2").then().extract().jsonPath()
                .getInt("integrity.eventCount") == events;
    }

    private static void awaitEvents(String incidentId, int events) {
        await("reporting has the " + events + " events of " + incidentId).atMost(Duration.ofSeconds(30))
                .until(() -> ready(incidentId, events));
    }

    private static Set<ValidationMessage> validate(String regime, JsonNode export) throws Exception {
        JsonNode schema = EventJson.mapper().readTree(given().get("/api/v1/exports/schemas/" + regime).then()
                .statusCode(200).extract().asString());
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        return validator.validate(export);
    }

    @Test
    @TestSecurity(user = "rhea", roles = "regulator")
    void a_complete_incident_exports_for_every_regime_and_each_verifies_against_the_chain() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String incident = "inc-x-" + u;
        register("sys-" + u);
        List<IncidentEvent> events = complete(incident, "sys-" + u);
        produce(events);
        awaitEvents(incident, events.size());
        await("the AI system, which arrives on its own topic, named in the export").atMost(Duration.ofSeconds(30))
                .until(() -> !export(incident, "eu-ai-act-art73").at("/aiSystem/name").isNull());

        for (String regime : REGIMES) {
            JsonNode export = export(incident, regime);
            assertThat(validate(regime, export)).as(regime + " against its schema").isEmpty();
            assertThat(export.at("/integrity/incidentId").asText()).isEqualTo(incident);
            assertThat(export.at("/integrity/eventCount").asInt()).isEqualTo(events.size());
            assertThat(export.at("/integrity/headHash").asText()).isEqualTo(events.get(events.size() - 1).header().hash());
            assertThat(export.at("/deadline/applicable").asBoolean()).as(regime + " deadline").isTrue();
            assertThat(export.at("/deadline/met").asBoolean()).isTrue();
            assertThat(export.at("/deadline/status").asText()).isEqualTo("ON_TIME");
            given().contentType(ContentType.JSON).body(export.toString()).post("/api/v1/exports/verify").then()
                    .statusCode(200).body("valid", org.hamcrest.Matchers.is(true));
        }
        JsonNode aiAct = export(incident, "eu-ai-act-art73");
        assertThat(aiAct.at("/stage").asText()).isEqualTo("COMPLETE");
        assertThat(aiAct.at("/harm/memberStates").toString()).isEqualTo("[\"DE\",\"AT\"]");
        assertThat(aiAct.at("/cause/causalLink").asText()).isEqualTo("ESTABLISHED");
        assertThat(aiAct.at("/aiSystem/version").asText()).isEqualTo("2.3.0");
        assertThat(aiAct.at("/systemAlteredSinceIncident").asBoolean()).isTrue();
        // Art. 73(6): what the rollback kept before it altered the system
        assertThat(aiAct.at("/evidencePreserved/0/action").asText()).isEqualTo("ROLLBACK");
        assertThat(aiAct.at("/evidencePreserved/0/telemetry/0/detectionId").asText()).isEqualTo("det-" + incident);
        assertThat(aiAct.at("/evidencePreserved/0/telemetry/0/referenceVersion").asLong()).isEqualTo(1);
        assertThat(aiAct.at("/evidencePreserved/0/links/0").asText()).startsWith("https://models.example/snapshots/");
        // NIS2: the significance thresholds of Implementing Regulation 2024/2690 the assessment applied
        assertThat(export(incident, "nis2").at("/nis2/thresholds/criteriaMet/0").asText()).startsWith("Art. 3(1)(a)");
        // the registry's EU database number is reported; nothing is missing
        assertThat(aiAct.at("/aiSystem/euDatabaseRegistrationNumber").asText()).isEqualTo("EUDB-HR-2026-000123");
        assertThat(aiAct.at("/missing").toString()).isEqualTo("[]");
        assertThat(export(incident, "gdpr-art33").at("/missing").toString())
                .contains("breach.nature", "reportingEntity.dpoContact");
        assertThat(export(incident, "nis2").at("/stage").asText()).isEqualTo("FINAL");
        given().queryParam("stage", "early-warning").get("/api/v1/incidents/" + incident + "/exports/nis2").then()
                .statusCode(200).body("deadline.clock", org.hamcrest.Matchers.equalTo("nis2-art23-early-warning"));

        // one altered field, or an altered chain reference, and the export no longer verifies
        ObjectNode altered = (ObjectNode) aiAct.deepCopy();
        ((ObjectNode) altered.get("harm")).put("affectedPersons", 12);
        given().contentType(ContentType.JSON).body(altered.toString()).post("/api/v1/exports/verify").then()
                .statusCode(200).body("valid", org.hamcrest.Matchers.is(false))
                .body("reason", org.hamcrest.Matchers.containsString("does not match the content"));
        // a forgery signed with any key but the service's: under a key id of its own, or claiming the service's
        KeyPair attacker = Ed25519.generate();
        for (String kid : List.of("attacker", aiAct.at("/signature/kid").asText())) {
            ObjectNode forged = SignedDocument.sign(altered, new SigningKey(kid, attacker.getPrivate(),
                    attacker.getPublic()));
            given().contentType(ContentType.JSON).body(forged.toString()).post("/api/v1/exports/verify").then()
                    .statusCode(200).body("valid", org.hamcrest.Matchers.is(false));
        }
        // anyone can check the signature offline with the published keys (no token for those)
        JsonNode jwks = EventJson.mapper().readTree(given().auth().none().get("/.well-known/jwks.json").then()
                .statusCode(200).extract().asString());
        assertThat(aiAct.at("/signature/alg").asText()).isEqualTo("EdDSA");
        assertThat(SignedDocument.verify(aiAct, KeyRing.fromJwks(jwks)).valid()).isTrue();
        assertThat(SignedDocument.verify(altered, KeyRing.fromJwks(jwks)).valid()).isFalse();
        ObjectNode reordered = EventJson.mapper().createObjectNode();
        List<String> names = new java.util.ArrayList<>();
        aiAct.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, aiAct.get(n)));
        given().contentType(ContentType.JSON).body(reordered.toString()).post("/api/v1/exports/verify").then()
                .body("valid", org.hamcrest.Matchers.is(true)); // field order is not content
        ObjectNode noBlock = (ObjectNode) aiAct.deepCopy();
        noBlock.remove("integrity");
        given().contentType(ContentType.JSON).body(noBlock.toString()).post("/api/v1/exports/verify").then()
                .body("valid", org.hamcrest.Matchers.is(false));

        // PDF: a formal document (title page, the regime's sections, readable times, pages numbered, integrity last)
        byte[] pdf = given().queryParam("format", "pdf").queryParam("tz", "Europe/Berlin")
                .get("/api/v1/incidents/" + incident + "/exports/eu-ai-act-art73")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(incident, "EU AI Act Art. 73", "Harm (Art. 3(49))", "Member states DE, AT",
                    "Page 1 of " + document.getNumberOfPages(), "Europe/Berlin", "Head hash", "Facts still missing",
                    "Evidence preserved (Art. 73(6))", "Model version kept")
                    .containsPattern("Occurred \\(estimated start\\s+of harm\\)\\s+"
                            + "\\d{1,2} \\w{3} 2026, \\d\\d:\\d\\d CET")
                    .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:");
            assertThat(text.lastIndexOf("Integrity")).as("the integrity block closes the document")
                    .isGreaterThan(text.lastIndexOf("Measures taken"));
        }
        // the same template as a page for the browser
        String html = given().queryParam("format", "html").get("/api/v1/incidents/" + incident
                + "/exports/eu-ai-act-art73").then().statusCode(200).contentType(ContentType.HTML).extract().asString();
        assertThat(html).contains("<h2>Harm (Art. 3(49))</h2>", "<h2>Integrity</h2>", aiAct.at("/integrity/headHash")
                .asText(), "Times are shown in UTC");
    }

    /**
     * Report stages: the Art. 73 complete report follows the initial one submitted, the clock is met by the
     * submission, NIS2's final report is due a month after the notification; the download's Repr-Digest is what a
     * submission records.
     */
    @Test
    @TestSecurity(user = "rhea", roles = "regulator")
    void a_complete_report_references_the_initial_one_and_clocks_follow_the_submissions() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String incident = "inc-s-" + u;
        register("sys-" + u);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String initialSha = "sha-256:" + "a1".repeat(32);
        Instant finalDue = now.minus(Duration.ofMinutes(30)).plus(Duration.ofDays(31));
        List<IncidentEvent> events = completeHistory(incident, "sys-" + u)
                .submitted(now.minus(Duration.ofHours(1)).toString(), "eu-ai-act-art73", "INITIAL", initialSha,
                        List.of("eu-ai-act-art73"), null)
                .submitted(now.minus(Duration.ofMinutes(30)).toString(), "nis2", "NOTIFICATION",
                        "sha-256:" + "b2".repeat(32), List.of("nis2-art23-notification"), new RegulatoryDeadline(
                                "nis2-art23-final-report", "Final report", now.minus(Duration.ofMinutes(30)), finalDue))
                .events();
        produce(events);
        awaitEvents(incident, events.size());

        JsonNode complete = export(incident, "eu-ai-act-art73");
        assertThat(validate("eu-ai-act-art73", complete)).isEmpty();
        assertThat(complete.at("/stage").asText()).isEqualTo("COMPLETE");
        assertThat(complete.at("/follows/stage").asText()).isEqualTo("INITIAL");
        assertThat(complete.at("/follows/digest").asText()).isEqualTo(initialSha);
        assertThat(complete.at("/follows/reportId").asText()).isEqualTo(incident + "/eu-ai-act-art73/initial");
        assertThat(complete.at("/submissions/0/authority").asText()).isEqualTo("Bundesnetzagentur");
        assertThat(complete.at("/deadline/metBy").asText()).startsWith(incident + "/eu-ai-act-art73/initial");
        assertThat(complete.at("/deadline/status").asText()).isEqualTo("ON_TIME");

        JsonNode nis2 = export(incident, "nis2");
        assertThat(validate("nis2", nis2)).isEmpty();
        assertThat(nis2.at("/stage").asText()).isEqualTo("FINAL");
        assertThat(nis2.at("/follows/stage").asText()).isEqualTo("NOTIFICATION");
        assertThat(Instant.parse(nis2.at("/deadline/dueAt").asText())).as("a month after the notification")
                .isEqualTo(finalDue);
        JsonNode initial = export(incident, "eu-ai-act-art73?stage=INITIAL");
        assertThat(initial.at("/follows").isNull()).isTrue();
        JsonNode gdpr = export(incident, "gdpr-art33?stage=supplement");
        assertThat(validate("gdpr-art33", gdpr)).isEmpty();
        assertThat(gdpr.at("/deadline/applicable").asBoolean()).isFalse();

        // what recording a submission asks for: the file's SHA-256, as the download states it
        var download = given().queryParam("format", "pdf").get("/api/v1/incidents/" + incident
                + "/exports/eu-ai-act-art73").then().statusCode(200).extract();
        byte[] pdf = download.asByteArray();
        assertThat(download.header("Repr-Digest")).isEqualTo("sha-256=:" + java.util.Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(pdf)) + ":");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Submissions to the authority", "Follows");
            assertThat(text.replaceAll("\\s", "")).as("the digest, wrapped in its cell").contains(initialSha);
        }
    }

    /** Facts as they were: a report names the version live during the incident, not the registry's newer one. */
    @Test
    @TestSecurity(user = "rhea", roles = "regulator")
    void a_system_changed_in_the_registry_after_the_incident_is_reported_as_it_was() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String incident = "inc-r-" + u;
        String systemId = "sys-r-" + u;
        AiSystem then = system(systemId, "2.3.0", 1);
        KafkaTestClient.produce(Topics.AI_SYSTEMS, systemId, "sys-" + systemId, MessageTypes.AI_SYSTEM_REGISTERED
                .ceType(), EventJson.write(new AiSystemRegistered(then, "admin", Instant.now())));
        List<IncidentEvent> events = new HistoryBuilder(incident, systemId, false).registeredAs(RegistryFacts.of(then))
                .opened("2026-11-24T08:00:00Z", "2026-11-24T08:05:00Z", DetectionSource.MONITOR)
                .triaged("2026-11-24T08:20:00Z", Severity.SEV1)
                .containmentAction("2026-11-24T08:50:00Z", "2.2.1").events();
        produce(events);
        awaitEvents(incident, events.size());
        // after the incident, the registry moves on: a new model, a new EU database entry
        AiSystem later = system(systemId, "2.4.0", 2);
        KafkaTestClient.produce(Topics.AI_SYSTEMS, systemId, "sys-upd-" + systemId, MessageTypes.AI_SYSTEM_UPDATED
                .ceType(), EventJson.write(new AiSystemUpdated(later, "admin", Instant.now())));
        await("the registry's update reaches reporting").atMost(Duration.ofSeconds(30))
                .until(() -> export(incident, "eu-ai-act-art73").at("/aiSystem/registryChangedSince").asBoolean());

        JsonNode aiAct = export(incident, "eu-ai-act-art73");
        assertThat(validate("eu-ai-act-art73", aiAct)).isEmpty();
        assertThat(aiAct.at("/aiSystem/version").asText()).isEqualTo("2.3.0");
        assertThat(aiAct.at("/aiSystem/factsAsOf").asText()).isEqualTo("INCIDENT_OPENED");
        assertThat(aiAct.at("/aiSystem/versionChanges/0/to").asText()).isEqualTo("2.2.1");
        assertThat(aiAct.at("/aiSystem/versionChanges/0/action").asText()).isEqualTo("ROLLBACK");
        assertThat(aiAct.at("/systemAlteredSinceIncident").asBoolean()).isTrue();
        for (String regime : List.of("gdpr-art33", "nis2")) {
            JsonNode export = export(incident, regime);
            assertThat(validate(regime, export)).as(regime).isEmpty();
            assertThat(export.at("/aiSystem/version").asText()).as(regime).isEqualTo("2.3.0");
        }
    }

    private static AiSystem system(String systemId, String modelVersion, long version) {
        return new AiSystem(systemId, "Credit risk scoring", "Scores consumer credit applications", "risk-ml",
                new AiSystem.Client("Mid-tier bank", List.of()), RiskTier.HIGH, modelVersion, List.of("2.2.1"),
                List.of("PERSONAL_DATA"), List.of("EU"), "EUDB-HR-2026-000123", version);
    }

    @Test
    @TestSecurity(user = "rhea", roles = "regulator")
    void an_incident_with_missing_facts_lists_them_and_states_no_deadline() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String incident = "inc-y-" + u;
        List<IncidentEvent> events = new HistoryBuilder(incident, "sys-unknown-" + u, false)
                .opened(null, "2026-11-24T08:05:00Z", DetectionSource.STAKEHOLDER_REPORT)
                .triaged("2026-11-24T08:20:00Z", Severity.SEV2).events();
        produce(events);
        awaitEvents(incident, events.size());

        JsonNode aiAct = export(incident, "eu-ai-act-art73");
        assertThat(validate("eu-ai-act-art73", aiAct)).isEmpty();
        assertThat(aiAct.at("/stage").asText()).isEqualTo("INITIAL");
        assertThat(aiAct.at("/deadline/applicable").asBoolean()).isFalse();
        assertThat(aiAct.at("/missing").toString()).contains("incident.occurredAt", "regulatoryAssessment",
                "aiSystem.name", "aiSystem.euDatabaseRegistrationNumber", "harm.art349Categories", "harm.affectedPersons", "cause.causalLink");
        assertThat(aiAct.at("/incident/occurredAt").isNull()).isTrue();
        for (String regime : REGIMES) {
            assertThat(validate(regime, export(incident, regime))).as(regime).isEmpty();
        }
        byte[] pdf = given().queryParam("format", "pdf").get("/api/v1/incidents/" + incident + "/exports/gdpr-art33")
                .then().statusCode(200).extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains(incident, "regulatoryAssessment",
                    "Notification to the supervisory authority (Art. 33)");
        }
    }

    @Test
    @TestSecurity(user = "rhea", roles = "regulator")
    void bad_requests_get_clear_answers() {
        problem(given().get("/api/v1/incidents/inc-nope/exports/gdpr-art33"), 404, "not-found");
        problem(given().get("/api/v1/incidents/inc-nope/exports/sec-8k"), 404, "not-found");
        problem(given().queryParam("format", "docx").get("/api/v1/incidents/inc-nope/exports/nis2"), 400, "validation");
        // not an export at all (fault suite, fault 8): a 400 problem, not a verdict
        for (String notAnExport : List.of("null", "[1, 2]", "\"text\"")) {
            problem(given().contentType(ContentType.JSON).body(notAnExport).post("/api/v1/exports/verify"), 400,
                    "malformed-request");
        }
        problem(given().queryParam("stage", "LAST").get("/api/v1/incidents/inc-nope/exports/nis2"), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "cole", roles = "commander")
    void exports_are_for_regulators_and_admins() {
        problem(given().get("/api/v1/incidents/inc-x/exports/gdpr-art33"), 403, "forbidden");
    }
}
