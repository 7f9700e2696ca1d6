package dev.aiim.system.story;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import static dev.aiim.system.story.PlatformClient.await;

/**
 * The playbook's credit-model story against a running platform, step by step: a HIGH-risk credit model of a
 * mid-tier bank is registered and watched; an encoding change collapses the approvals of applicants aged 60+;
 * the fairness monitor raises it, an incident opens, the on-call engineer is paged; a senior commander
 * triages it as SEV1, the model is rolled back, an update is missed and chased, the root cause is found,
 * the wrong decisions are corrected, the review is published and the regulator's export verifies.
 *
 * <p>Each step says what happened through {@code narrator} and answers what the services answered, so the
 * system test asserts on it and {@code deploy/local/platform demo} prints it. Time that matters (minutes
 * between detection and containment, the 30-minute update cadence) passes by moving every service's clock
 * forward together ({@code PUT /api/v1/admin/clock}, services started with {@code aiim.clock.adjustable}).
 */
public final class CreditModelStory extends Story {

    private final String team;
    private long wrongDenials;
    private String signingSecret;

    public CreditModelStory(PlatformClient api, Consumer<String> narrator, String run) {
        super(api, narrator, run, "credit-scoring-" + run, 73);
        this.team = "risk-ml-" + run;
    }

    /** The webhook channel's signing secret (Standard Webhooks), known once the response is prepared. */
    public String signingSecret() {
        return signingSecret;
    }

    /** The system's id in the EU database of high-risk AI systems (a made-up one: AI Act Art. 49 and 71). */
    public String euDatabaseRegistrationNumber() {
        return "EUDB-DEMO-" + run.toUpperCase(Locale.ROOT);
    }

    /** How many applicants aged 60+ the broken model denied: the decisions the bank has to revisit. */
    public long wrongDenials() {
        return wrongDenials;
    }

    // ---- before anything goes wrong -------------------------------------------------------------------

    /** The AI system in the registry: HIGH risk, the bank as client, the known-good version to roll back to. */
    public JsonNode registerSystem() {
        JsonNode system = register(Map.ofEntries(
                Map.entry("id", systemId), Map.entry("name", "Credit risk scoring (" + run + ")"),
                Map.entry("ownerTeam", team),
                Map.entry("description", "Scores consumer loan applications; approvals above 0.5"),
                Map.entry("client", Map.of("name", "A mid-tier bank", "contacts", List.of(Map.of(
                        "name", "Retail credit risk office", "email", "credit-risk@bank.example")))),
                Map.entry("riskTier", "HIGH"), Map.entry("modelVersion", "2.3.0"),
                Map.entry("knownGoodVersions", List.of("2.2.1")), Map.entry("dataCategories", List.of("PERSONAL_DATA")),
                Map.entry("jurisdictions", List.of("EU")),
                Map.entry("euDatabaseRegistrationNumber", euDatabaseRegistrationNumber())));
        say("Registered %s: HIGH risk, client a mid-tier bank, model 2.3.0 (known good 2.2.1), team %s,"
                + " EU database number %s", systemId, team, euDatabaseRegistrationNumber());
        return system;
    }

    /**
     * Who hears what: the team's paging webhook (an on-call app) first for the on-call engineer, an email
     * channel (the service's SMTP relay) for everyone else and for the bank's contacts, the on-call rotation of
     * the model's team, and the routing that ties them to the system's team.
     */
    public void prepareResponse(String pagingWebhookUrl) {
        JsonNode email = api.expect(201, "admin", "POST", url("notification", "/api/v1/channels"), Map.of(
                "type", "EMAIL", "name", "Email " + run, "settings", Map.of("from", "incidents@aiim.example")));
        JsonNode webhook = api.expect(201, "admin", "POST", url("notification", "/api/v1/channels"), Map.of(
                "type", "WEBHOOK", "name", "On-call app " + run, "url", pagingWebhookUrl,
                "allowPrivateNetwork", true));
        signingSecret = webhook.path("signingSecret").asText(null);
        String emailId = email.get("id").asText();
        upsert("/api/v1/people", "responder", Map.of("id", "responder", "name", "Robin Responder (on call)",
                "contacts", List.of(Map.of("channelId", webhook.get("id").asText()),
                        Map.of("channelId", emailId, "address", "responder@aiim.example"))));
        person("commander", "Casey Commander", emailId, "commander@aiim.example", true);
        person("leadership", "Lee Leadership (CTO)", emailId, "leadership@aiim.example", true);
        String schedule = "oncall-" + team;
        upsert("/api/v1/schedules", schedule, Map.of("id", schedule, "name", team + " primary on-call",
                "layers", List.of(Map.of("name", "weekly", "participants", List.of("responder"), "handoff", "WEEKLY",
                        "handoffTime", "09:00", "zone", "Europe/Berlin",
                        "start", LocalDate.now(ZoneOffset.UTC).minusDays(14).toString()))));
        String policy = "escalation-" + team;
        upsert("/api/v1/escalation-policies", policy, Map.of("id", policy, "name", team + " escalation",
                "levels", List.of(Map.of("targets", List.of(Map.of("kind", "SCHEDULE", "id", schedule)),
                                "ackTimeoutMinutes", 15),
                        Map.of("targets", List.of(Map.of("kind", "PERSON", "id", "commander")), "ackTimeoutMinutes", 15)),
                "repeat", 1));
        changeRouting(routing -> {
            routing.withObjectProperty("teamEscalationPolicies").put(team, policy);
            addOnce(routing, "leadership", "leadership");
            routing.put("clientChannelId", emailId);
            routing.put("defaultEmailChannelId", emailId);
        });
        say("Response prepared: %s pages the on-call rotation %s through the on-call app's signed webhook (then the"
                + " commander); the team, leadership and the bank's contacts hear by email", team, schedule);
    }

    /** The monitors that watch the credit model: five-minute windows, evaluated every minute. */
    public JsonNode configureMonitors() {
        JsonNode settings = enableMonitors(List.of("FAIRNESS", "DATA_QUALITY", "LATENCY", "ERROR_RATE"));
        say("Monitors on: fairness across age band, sex and region (four-fifths rule with a significance test),"
                + " data quality, latency, error rate; 5-minute windows every minute");
        return settings;
    }

    /** Ten minutes of the pipeline's encoding change: age in months, applicants aged 60+ denied. */
    public void encodingChange() {
        List<Map<String, Object>> broken = runWithFault(CreditDecisions.Fault.AGE_ENCODING_CHANGE,
                "the credit model runs with the encoding change");
        wrongDenials = CreditDecisions.deniedOver60(broken);
        say("A data pipeline change now sends age in months: %d decisions in 10 minutes, %d applicants aged 60+"
                + " denied", broken.size(), wrongDenials);
    }

    // ---- detection --------------------------------------------------------------------------------------

    /** The fairness monitor's state once it has raised: value, threshold, evidence and the detection id. */
    public JsonNode fairnessDetection() {
        JsonNode raised = raisedBy("FAIRNESS");
        JsonNode details = raised.path("evidence");
        say("DETECTED by the fairness monitor: %s=%s approved at %s against %s for %s (disparate impact %s, threshold"
                + " %s)", raised.path("subject").asText(), details.path("group").asText(),
                round(details.path("selectionRate")), round(details.path("referenceSelectionRate")),
                details.path("referenceGroup").asText(), round(raised.path("value")), raised.path("threshold").asText());
        return raised;
    }

    /** The on-call page for the incident once it has gone out; the on-call engineer acknowledges it. */
    public JsonNode acknowledgePage() {
        JsonNode page = await("the on-call page", WAIT, () -> {
            JsonNode pages = api.expect(200, "responder", "GET", url("notification", "/api/v1/pages?incidentId="
                    + incidentId), null);
            return pages.isEmpty() ? Optional.empty() : Optional.of(pages.get(0));
        });
        String pageId = page.get("id").asText();
        JsonNode acknowledged = api.expect(200, "responder", "POST", url("notification", "/api/v1/pages/" + pageId + "/ack"),
                null);
        say("PAGED %s (escalation step %d); acknowledged by %s", page.path("pagedPerson").asText(),
                page.path("step").asInt() + 1, acknowledged.path("acknowledgedBy").asText());
        return acknowledged;
    }

    // ---- response -----------------------------------------------------------------------------------------

    /** A senior commander takes command and confirms the incident as SEV1. */
    public JsonNode triageAsSev1() {
        onceTheDirectoryKnows("commander", "PUT", incident("/roles/INCIDENT_COMMANDER"), Map.of("id", "commander",
                "name", "Casey Commander", "email", "commander@aiim.example"));
        JsonNode view = api.expect(200, "commander", "POST", incident("/triage"), Map.of("decision", "CONFIRMED",
                "severity", "SEV1", "rationale", "Applicants aged 60+ are being denied credit: discrimination on a"
                        + " protected characteristic in a HIGH-risk system"));
        say("TRIAGED as %s by a senior commander; containment due %s, next update due %s", view.path("severity").asText(),
                view.path("due").path("containment").asText(), view.path("nextUpdateDue").asText());
        return view;
    }

    /** The compliance view: personal data, an EU AI Act serious incident (fundamental rights), deadlines. */
    public JsonNode assessRegulatoryDuties() {
        JsonNode view = api.expect(200, "commander", "PUT", incident("/regulatory-assessment"), Map.of(
                "awareAt", view().path("triagedAt").asText(), "personalDataInvolved", true, "phiInvolved", false,
                "affectedIndividuals", wrongDenials, "nis2Significant", false,
                "aiActSeriousIncident", Map.of("categories", List.of("c"), "death", false, "widespreadInfringement",
                        false, "criticalInfrastructure", false, "memberStates", List.of("DE"), "causalLink", "LIKELY")));
        say("Regulatory duties: %s", StreamSupport.stream(view.path("regulatory").path("regimes").spliterator(), false)
                .map(r -> r.path("regime").asText() + " due " + r.path("dueAt").asText())
                .collect(java.util.stream.Collectors.joining("; ")));
        return view;
    }

    /** Minutes later the model is rolled back to its known-good version, which stops the harm. */
    public JsonNode rollBack(Duration after) {
        passTime(after, "the technical lead prepares the rollback");
        api.expect(200, "responder", "POST", incident("/containment-actions"), Map.of("type", "ROLLBACK",
                "description", "Rolled the credit model back to 2.2.1, which reads age in years",
                "targetModelVersion", "2.2.1", "effective", true));
        JsonNode view = api.expect(200, "commander", "POST", incident("/containment"), Map.of("summary",
                "Rollback to 2.2.1 is serving; approvals of applicants aged 60+ are back to the other groups' rate"));
        say("CONTAINED by rollback to 2.2.1 at %s", view.path("containedAt").asText());
        return view;
    }

    /** Nobody posts an update for the SEV1's 30 minutes: the platform reminds the commander. */
    public JsonNode missAnUpdate(Duration after) {
        passTime(after, "no status update is posted");
        JsonNode reminder = await("the overdue-update reminder", WAIT, () -> deliveries().stream()
                .filter(d -> d.path("reason").asText().toLowerCase().contains("overdue")).findFirst());
        say("REMINDED: the status update is overdue; %s told through %s", reminder.path("recipient").asText(),
                reminder.path("channel").asText());
        return reminder;
    }

    /** The incident's deliveries so far. */
    public List<JsonNode> deliveries() {
        JsonNode page = api.expect(200, "responder", "GET", url("notification", "/api/v1/deliveries?incidentId="
                + incidentId), null);
        return StreamSupport.stream(page.get("items").spliterator(), false).toList();
    }

    /** The communications lead tells the bank what is known, what is being done and when the next update comes. */
    public JsonNode updateTheClient() {
        api.expect(200, "commander", "PUT", incident("/roles/COMMUNICATIONS_LEAD"), Map.of("id", "leadership",
                "name", "Lee Leadership (CTO)", "email", "leadership@aiim.example"));
        JsonNode view = api.expect(200, "commander", "POST", incident("/status-updates"), Map.of("audience", "CLIENT",
                "whatIsKnown", "Since " + changeAt + " applicants aged 60+ were denied more often because of a data"
                        + " pipeline change; the model has been rolled back",
                "whatIsBeingDone", "Finding every affected decision so that it can be reviewed"));
        say("Status update to the client posted; next one due %s", view.path("nextUpdateDue").asText());
        return view;
    }

    /** What the investigation found, and the root cause in the playbook's categories. */
    public JsonNode investigate() {
        api.expect(200, "responder", "POST", incident("/findings"), Map.of("description",
                "Age reaches the model in months since the feature pipeline release", "affectedPopulation",
                "Applicants aged 60+ (" + wrongDenials + " denials)", "evidence",
                "Approval rate of 60+ fell from about 0.5 to under 0.1 in the fairness monitor's window"));
        JsonNode view = api.expect(200, "responder", "POST", incident("/root-cause"), Map.of("category",
                "DATA_PIPELINE_CHANGE", "description", "A feature pipeline change switched the age encoding from years"
                        + " to months without a schema check", "contributingFactors", List.of(
                        "No contract test between the pipeline and the model", "Fairness was monitored weekly only")));
        say("ROOT CAUSE: %s", view.path("rootCause").path("category").asText());
        return view;
    }

    /** The fix, its fairness test, its deployment, every wrong decision revisited; then resolved. */
    public JsonNode fixAndResolve() {
        step("FIX_DEVELOPED", "The pipeline reads age in years again and rejects out-of-range ages", null);
        api.expect(200, "responder", "POST", incident("/resolution-steps"), Map.of("step", "FIX_TESTED", "description",
                "Replayed last week's applications: selection rates within four fifths for every age band",
                "fairnessCriteriaMet", true, "performanceCriteriaMet", true));
        step("FIX_DEPLOYED", "Model 2.3.1 with the fixed pipeline serves all traffic", null);
        step("IMPACT_REMEDIATED", "Every denial of an applicant aged 60+ since the change was re-scored and"
                + " re-decided", wrongDenials);
        JsonNode view = api.expect(200, "commander", "POST", incident("/resolve"), Map.of("summary",
                "Fixed pipeline deployed; " + wrongDenials + " decisions corrected"));
        say("RESOLVED: %d decisions corrected", wrongDenials);
        return view;
    }

    /** The post-incident review, published, with its action items. */
    public JsonNode review() {
        api.expect(200, "commander", "PUT", incident("/review"), Map.of(
                "summary", "A pipeline change made the credit model deny applicants aged 60+",
                "impact", wrongDenials + " applicants aged 60+ denied in 10 minutes",
                "timelineNarrative", "The encoding change shipped; the fairness monitor raised within minutes; the"
                        + " model was rolled back within the hour",
                "rootCauseAnalysis", "Age in months instead of years; no schema contract between pipeline and model",
                "fiveWhys", List.of("Why denied? The model read them as very old", "Why? Age arrived in months",
                        "Why? The pipeline changed its encoding", "Why unnoticed? No contract test",
                        "Why no test? The pipeline and the model have different owners"),
                "responseEvaluation", Map.of("detection", "Minutes, by the fairness monitor", "containment",
                        "Rollback to the known-good version", "communication", "One update was late and was chased"),
                "lessons", List.of("Contract-test features between pipeline and model", "Keep fairness monitors on")));
        api.expect(200, "commander", "POST", incident("/review/publish"), null);
        api.expect(200, "responder", "POST", incident("/action-items"), Map.of("title",
                "Schema contract test for the age feature", "owner", "data-platform", "dueDate",
                LocalDate.now(ZoneOffset.UTC).plusDays(14).toString(), "kind", "PREVENT"));
        JsonNode view = api.expect(200, "responder", "POST", incident("/action-items"), Map.of("title",
                "Alert on out-of-range feature values", "owner", team, "dueDate",
                LocalDate.now(ZoneOffset.UTC).plusDays(30).toString(), "kind", "DETECT"));
        say("REVIEW published with %d action items", view.path("actionItems").size());
        return view;
    }

    // ---- reporting ------------------------------------------------------------------------------------------

    /** The EU AI Act Art. 73 export once reporting has every event of the incident. */
    public JsonNode art73Export() {
        long events = api.expect(200, "commander", "GET", incident("/integrity"), null).get("eventCount").asLong();
        JsonNode export = awaitArt73Export("reporting to hold all " + events + " events",
                body -> body.path("integrity").path("eventCount").asLong() == events);
        JsonNode missing = export.path("missing");
        say("EU AI Act Art. 73 export: %d events, head hash %s, %s", events,
                export.path("integrity").path("headHash").asText(),
                missing.isEmpty() ? "every required fact present" : "missing " + missing);
        return export;
    }

    /**
     * The Art. 73 export once a checkpoint incident-service signed covers the incident's every event (taken within
     * its interval of the last one: a few seconds where the tests run it).
     */
    public JsonNode anchoredArt73Export() {
        long events = api.expect(200, "commander", "GET", incident("/integrity"), null).get("eventCount").asLong();
        JsonNode export = awaitArt73Export("a checkpoint covering all " + events + " events in the export",
                body -> body.at("/integrity/checkpoint/leaf/version").asLong() == events);
        say("Checkpoint %s, signed by incident-service, covers the export's %d events",
                export.at("/integrity/checkpoint/document/id").asText(), events);
        return export;
    }

    private JsonNode awaitArt73Export(String what, java.util.function.Predicate<JsonNode> ready) {
        return await(what, WAIT, () -> {
            HttpResponse<String> response = api.call("regulator", "GET", url("reporting", "/api/v1/incidents/"
                    + incidentId + "/exports/eu-ai-act-art73"), null);
            JsonNode body = PlatformClient.read(response.body());
            return response.statusCode() == 200 && ready.test(body) ? Optional.of(body) : Optional.empty();
        });
    }

    public JsonNode verify(JsonNode export) {
        JsonNode verdict = api.expect(200, "regulator", "POST", url("reporting", "/api/v1/exports/verify"), export);
        say("Export checked against the incident's hash chain: %s", verdict.path("valid").asBoolean() ? "valid"
                : "NOT valid (" + verdict.path("reason").asText() + ")");
        return verdict;
    }

    /** Leadership's metrics for this system: the incident's time to detect and to contain. */
    public JsonNode metrics() {
        JsonNode summary = await("the incident in leadership's metrics", WAIT, () -> {
            JsonNode s = api.expect(200, "leadership", "GET", url("reporting", "/api/v1/metrics/summary?systemId="
                    + systemId), null);
            return s.path("mttcMinutes").path("mean").isNumber() ? Optional.of(s) : Optional.empty();
        });
        say("Leadership metrics for %s: MTTD %s min, MTTC %s min (targets: SEV1 detected within 30, contained within"
                + " 60)", systemId, round(summary.path("mttdMinutes").path("mean")),
                round(summary.path("mttcMinutes").path("mean")));
        return summary;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void step(String step, String description, Long corrected) {
        api.expect(200, "responder", "POST", incident("/resolution-steps"), corrected == null
                ? Map.of("step", step, "description", description)
                : Map.of("step", step, "description", description, "affectedDecisionsCorrected", corrected));
    }

    private void person(String id, String name, String emailChannel, String address, boolean seniorLeader) {
        upsert("/api/v1/people", id, Map.of("id", id, "name", name, "seniorLeader", seniorLeader, "contacts",
                List.of(Map.of("channelId", emailChannel, "address", address))));
    }

}
