package dev.aiim.system.story;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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
public final class CreditModelStory {

    public static final String[] SERVICES_WITH_CLOCKS = {"detection", "incident", "notification", "reporting"};
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final PlatformClient api;
    private final Consumer<String> narrator;
    private final String run;
    private final String systemId;
    private final String team;
    private final CreditDecisions decisions;
    private long clockOffsetSeconds;
    private Instant changeAt;
    private long wrongDenials;
    private String incidentId;
    private String signingSecret;

    public CreditModelStory(PlatformClient api, Consumer<String> narrator, String run) {
        this.api = api;
        this.narrator = narrator;
        this.run = run;
        this.systemId = "credit-scoring-" + run;
        this.team = "risk-ml-" + run;
        this.decisions = new CreditDecisions(73, "loan-" + run + "-", "2.3.0");
    }

    public String systemId() {
        return systemId;
    }

    public String incidentId() {
        return incidentId;
    }

    /** The webhook channel's signing secret (Standard Webhooks), known once the response is prepared. */
    public String signingSecret() {
        return signingSecret;
    }

    /** How many applicants aged 60+ the broken model denied: the decisions the bank has to revisit. */
    public long wrongDenials() {
        return wrongDenials;
    }

    // ---- the platform's clock ------------------------------------------------------------------------

    /** Every service back on real time, so the story's minutes start from now. */
    public void resetClocks() {
        for (String service : SERVICES_WITH_CLOCKS) {
            api.expect(200, "admin", "DELETE", url(service, "/api/v1/admin/clock"), null);
        }
        clockOffsetSeconds = 0;
    }

    /** Moves every service's clock {@code by} further ahead of real time; answers the platform's new now. */
    public Instant passTime(Duration by, String why) {
        clockOffsetSeconds += by.toSeconds();
        JsonNode state = null;
        for (String service : SERVICES_WITH_CLOCKS) {
            state = api.expect(200, "admin", "PUT", url(service, "/api/v1/admin/clock"),
                    Map.of("offsetSeconds", clockOffsetSeconds, "reason", why));
        }
        say("... %d minutes pass (%s)", by.toMinutes(), why);
        return Instant.parse(state.get("now").asText());
    }

    public Instant now() {
        return Instant.parse(api.expect(200, "admin", "GET", url("detection", "/api/v1/admin/clock"), null)
                .get("now").asText());
    }

    // ---- before anything goes wrong -------------------------------------------------------------------

    /** The AI system in the registry: HIGH risk, the bank as client, the known-good version to roll back to. */
    public JsonNode registerSystem() {
        JsonNode system = api.expect(201, "admin", "POST", url("detection", "/api/v1/systems"), Map.of(
                "id", systemId, "name", "Credit risk scoring (" + run + ")", "ownerTeam", team,
                "description", "Scores consumer loan applications; approvals above 0.5",
                "client", Map.of("name", "A mid-tier bank", "contacts", List.of(Map.of("name", "Retail credit risk office",
                        "email", "credit-risk@bank.example"))),
                "riskTier", "HIGH", "modelVersion", "2.3.0", "knownGoodVersions", List.of("2.2.1"),
                "dataCategories", List.of("PERSONAL_DATA"), "jurisdictions", List.of("EU")));
        say("Registered %s: HIGH risk, client a mid-tier bank, model 2.3.0 (known good 2.2.1), team %s", systemId, team);
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
        person("commander", "Casey Commander", emailId, "commander@aiim.example");
        person("leadership", "Lee Leadership (CTO)", emailId, "leadership@aiim.example");
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
        HttpResponse<String> current = api.call("admin", "GET", url("notification", "/api/v1/routing"), null);
        ObjectNode routing = (ObjectNode) PlatformClient.read(current.body());
        ((ObjectNode) routing.with("teamEscalationPolicies")).put(team, policy);
        ArrayNode leadership = routing.withArray("leadership");
        if (StreamSupport.stream(leadership.spliterator(), false).noneMatch(n -> n.asText().equals("leadership"))) {
            leadership.add("leadership");
        }
        routing.put("clientChannelId", emailId);
        routing.put("defaultEmailChannelId", emailId);
        api.expect(200, "admin", "PUT", url("notification", "/api/v1/routing"), routing,
                "If-Match", current.headers().firstValue("ETag").orElse("*"));
        say("Response prepared: %s pages the on-call rotation %s through the on-call app's signed webhook (then the"
                + " commander); the team, leadership and the bank's contacts hear by email", team, schedule);
    }

    /** The monitors that watch the credit model: five-minute windows, evaluated every minute. */
    public JsonNode configureMonitors() {
        JsonNode settings = api.expect(200, "admin", "PUT", url("detection", "/api/v1/systems/" + systemId + "/monitors"),
                Map.of("window", Map.of("type", "TIME", "duration", "PT5M"), "evaluateEvery", "PT1M",
                        "enabled", List.of("FAIRNESS", "DATA_QUALITY", "LATENCY", "ERROR_RATE")));
        say("Monitors on: fairness across age band, sex and region (four-fifths rule with a significance test),"
                + " data quality, latency, error rate; 5-minute windows every minute");
        return settings;
    }

    /** An hour of ordinary decisions; its first half becomes the reference. Answers the evaluation's check. */
    public JsonNode streamStableDecisions() {
        Instant end = now();
        Instant start = end.minus(Duration.ofHours(1));
        List<Map<String, Object>> hour = decisions.between(start, Duration.ofHours(1), CreditDecisions.Fault.NONE);
        JsonNode accepted = api.expect(202, "admin", "POST", url("detection", "/api/v1/systems/" + systemId
                + "/predictions"), Map.of("records", hour));
        api.expect(200, "admin", "PUT", url("detection", "/api/v1/systems/" + systemId + "/reference"),
                Map.of("from", start.toString(), "to", start.plus(Duration.ofMinutes(30)).toString()));
        changeAt = end;
        JsonNode check = evaluate();
        say("Streamed %d ordinary decisions (the first half hour is the reference); the monitors judge them: %d"
                + " breaches", accepted.get("accepted").asInt(), check.get("breaches").asInt());
        return check;
    }

    /** Ten minutes of the pipeline's encoding change: age in months, applicants aged 60+ denied. */
    public void encodingChange() {
        passTime(Duration.ofMinutes(10), "the credit model runs with the encoding change");
        List<Map<String, Object>> broken = decisions.between(changeAt, Duration.ofMinutes(10),
                CreditDecisions.Fault.AGE_ENCODING_CHANGE);
        wrongDenials = CreditDecisions.deniedOver60(broken);
        api.expect(202, "admin", "POST", url("detection", "/api/v1/systems/" + systemId + "/predictions"),
                Map.of("records", broken));
        say("A data pipeline change now sends age in months: %d decisions in 10 minutes, %d applicants aged 60+"
                + " denied", broken.size(), wrongDenials);
    }

    /** When the encoding change reached the model (the incident's true start). */
    public Instant changeAt() {
        return changeAt;
    }

    // ---- detection --------------------------------------------------------------------------------------

    /** The monitors evaluate now (as the scheduler would within the minute); answers the check. */
    public JsonNode evaluate() {
        return api.expect(200, "admin", "POST", url("detection", "/api/v1/systems/" + systemId + "/monitors/evaluate"),
                null);
    }

    /** The fairness monitor's state once it has raised: value, threshold, evidence and the detection id. */
    public JsonNode fairnessDetection() {
        evaluate();
        JsonNode raised = await("the fairness monitor to raise", WAIT, () -> {
            JsonNode status = api.expect(200, "admin", "GET", url("detection", "/api/v1/systems/" + systemId
                    + "/monitors/status"), null);
            return StreamSupport.stream(status.get("monitors").spliterator(), false)
                    .filter(m -> m.path("monitor").asText().equals("FAIRNESS") && m.path("state").asText().equals("RAISED"))
                    .findFirst();
        });
        JsonNode details = raised.path("evidence");
        say("DETECTED by the fairness monitor: %s=%s approved at %s against %s for %s (disparate impact %s, threshold"
                + " %s)", raised.path("subject").asText(), details.path("group").asText(),
                round(details.path("selectionRate")), round(details.path("referenceSelectionRate")),
                details.path("referenceGroup").asText(), round(raised.path("value")), raised.path("threshold").asText());
        return raised;
    }

    /** The incident incident-service opened from the detection. */
    public JsonNode incident() {
        JsonNode found = await("an incident for " + systemId, WAIT, () -> {
            JsonNode page = api.expect(200, "commander", "GET", url("incident", "/api/v1/incidents?systemId=" + systemId),
                    null);
            return page.get("items").isEmpty() ? Optional.empty() : Optional.of(page.get("items").get(0));
        });
        incidentId = found.get("id").asText();
        JsonNode view = view();
        say("Incident %s opened: %s, status %s, suggested %s, triage due %s", incidentId, view.path("category").asText(),
                view.path("status").asText(), view.path("suggestedSeverity").asText(), view.path("due").path("triage").asText());
        return view;
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
        api.expect(200, "commander", "PUT", incident("/roles/INCIDENT_COMMANDER"), Map.of("id", "commander",
                "name", "Casey Commander", "email", "commander@aiim.example", "seniorLeader", true));
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
                "name", "Lee Leadership (CTO)", "email", "leadership@aiim.example", "seniorLeader", true));
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
        JsonNode export = await("reporting to hold all " + events + " events", WAIT, () -> {
            HttpResponse<String> response = api.call("regulator", "GET", url("reporting", "/api/v1/incidents/"
                    + incidentId + "/exports/eu-ai-act-art73"), null);
            JsonNode body = PlatformClient.read(response.body());
            return response.statusCode() == 200 && body.path("integrity").path("eventCount").asLong() == events
                    ? Optional.of(body) : Optional.empty();
        });
        say("EU AI Act Art. 73 export: %d events, head hash %s, missing %s", events,
                export.path("integrity").path("headHash").asText(), export.path("missing"));
        return export;
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

    public JsonNode view() {
        return api.expect(200, "commander", "GET", incident(""), null);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void step(String step, String description, Long corrected) {
        api.expect(200, "responder", "POST", incident("/resolution-steps"), corrected == null
                ? Map.of("step", step, "description", description)
                : Map.of("step", step, "description", description, "affectedDecisionsCorrected", corrected));
    }

    private void person(String id, String name, String emailChannel, String address) {
        upsert("/api/v1/people", id, Map.of("id", id, "name", name, "contacts",
                List.of(Map.of("channelId", emailChannel, "address", address))));
    }

    /** Creates a notification-service resource, or replaces it when an earlier run left one with that id. */
    private void upsert(String collection, String id, Map<String, Object> body) {
        HttpResponse<String> created = api.call("admin", "POST", url("notification", collection), body);
        if (created.statusCode() == 409) {
            api.expect(200, "admin", "PUT", url("notification", collection + "/" + id), body);
        } else if (created.statusCode() != 201) {
            throw new PlatformClient.StoryFailure("POST " + collection + " answered " + created.statusCode() + ": "
                    + created.body());
        }
    }

    private String incident(String path) {
        return url("incident", "/api/v1/incidents/" + incidentId + path);
    }

    private String url(String service, String path) {
        PlatformClient.Endpoints e = api.endpoints();
        return switch (service) {
            case "detection" -> e.detection();
            case "incident" -> e.incident();
            case "notification" -> e.notification();
            case "reporting" -> e.reporting();
            default -> throw new IllegalArgumentException(service);
        } + path;
    }

    private static String round(JsonNode number) {
        return number.isNumber() ? String.format("%.2f", number.asDouble()) : number.asText();
    }

    private void say(String format, Object... args) {
        narrator.accept(String.format(format, args));
    }
}
