package dev.aiim.system.story;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import static dev.aiim.system.story.PlatformClient.await;

/**
 * What every monitored-model story does against a running platform: register an AI system, switch its
 * monitors on, stream an ordinary hour and then a fault as telemetry, let the monitors raise it, find the
 * incident that opened. Time that matters passes by moving every service's clock forward together
 * ({@code PUT /api/v1/admin/clock}; the services run with {@code aiim.clock.adjustable=true}).
 */
public abstract class Story {

    public static final List<String> SERVICES_WITH_CLOCKS = List.of("detection", "incident", "notification", "reporting");
    protected static final Duration WAIT = Duration.ofSeconds(60);

    protected final PlatformClient api;
    protected final String run;
    protected final String systemId;
    protected final CreditDecisions decisions;
    private final Consumer<String> narrator;
    protected Instant changeAt;
    protected String incidentId;

    protected Story(PlatformClient api, Consumer<String> narrator, String run, String systemId, long seed) {
        this.api = api;
        this.narrator = narrator;
        this.run = run;
        this.systemId = systemId;
        this.decisions = new CreditDecisions(seed, systemId + "-", "2.3.0");
    }

    public String systemId() {
        return systemId;
    }

    public String incidentId() {
        return incidentId;
    }

    /** When the fault reached the model (the incident's true start). */
    public Instant changeAt() {
        return changeAt;
    }

    // ---- the platform's clock ------------------------------------------------------------------------

    /** Every service back on real time. */
    public void resetClocks() {
        for (String service : SERVICES_WITH_CLOCKS) {
            api.expect(200, "admin", "DELETE", url(service, "/api/v1/admin/clock"), null);
        }
    }

    /** Moves every service's clock {@code by} further ahead; answers the platform's new now. */
    public Instant passTime(Duration by, String why) {
        long offset = clockAhead().plus(by).toSeconds();
        JsonNode state = null;
        for (String service : SERVICES_WITH_CLOCKS) {
            state = api.expect(200, "admin", "PUT", url(service, "/api/v1/admin/clock"),
                    Map.of("offsetSeconds", offset, "reason", why));
        }
        say("... %d %s (%s)", by.toMinutes(), by.toMinutes() == 1 ? "minute passes" : "minutes pass", why);
        return Instant.parse(state.get("now").asText());
    }

    /** How far the platform's clocks run ahead of real time. */
    public Duration clockAhead() {
        return Duration.ofSeconds(api.expect(200, "admin", "GET", url("detection", "/api/v1/admin/clock"), null)
                .get("offsetSeconds").asLong());
    }

    public Instant now() {
        return Instant.parse(api.expect(200, "admin", "GET", url("detection", "/api/v1/admin/clock"), null)
                .get("now").asText());
    }

    // ---- the model and its monitors ------------------------------------------------------------------

    protected JsonNode register(Map<String, Object> system) {
        return api.expect(201, "admin", "POST", url("detection", "/api/v1/systems"), system);
    }

    /** Five-minute windows evaluated every minute, with only {@code monitors} enabled. */
    protected JsonNode enableMonitors(List<String> monitors) {
        return api.expect(200, "admin", "PUT", url("detection", "/api/v1/systems/" + systemId + "/monitors"),
                Map.of("window", Map.of("type", "TIME", "duration", "PT5M"), "evaluateEvery", "PT1M",
                        "enabled", monitors));
    }

    /** An hour of ordinary decisions; its first half becomes the reference. Answers the evaluation's check. */
    public JsonNode streamStableDecisions() {
        Instant end = now();
        Instant start = end.minus(Duration.ofHours(1));
        JsonNode accepted = predictions(decisions.between(start, Duration.ofHours(1), CreditDecisions.Fault.NONE));
        api.expect(200, "admin", "PUT", url("detection", "/api/v1/systems/" + systemId + "/reference"),
                Map.of("from", start.toString(), "to", start.plus(Duration.ofMinutes(30)).toString()));
        changeAt = end;
        JsonNode check = evaluate();
        say("Streamed %d ordinary decisions (the first half hour is the reference); the monitors judge them: %d"
                + " breaches", accepted.get("accepted").asInt(), check.get("breaches").asInt());
        return check;
    }

    /** Ten minutes pass with {@code fault} in the model's decisions; answers what it decided. */
    protected List<Map<String, Object>> runWithFault(CreditDecisions.Fault fault, String why) {
        passTime(Duration.ofMinutes(10), why);
        List<Map<String, Object>> faulty = decisions.between(changeAt, Duration.ofMinutes(10), fault);
        predictions(faulty);
        return faulty;
    }

    protected JsonNode predictions(List<Map<String, Object>> records) {
        return api.expect(202, "admin", "POST", url("detection", "/api/v1/systems/" + systemId + "/predictions"),
                Map.of("records", records));
    }

    /** The monitors evaluate now (as the scheduler would within the minute); answers the check. */
    public JsonNode evaluate() {
        return api.expect(200, "admin", "POST", url("detection", "/api/v1/systems/" + systemId + "/monitors/evaluate"),
                null);
    }

    /** {@code monitor}'s state once it has raised (evaluating now, and once more a minute later if it must). */
    protected JsonNode raisedBy(String monitor) {
        evaluate();
        if (raisedState(monitor).isEmpty()) {
            passTime(Duration.ofMinutes(1), "the monitors look again");
            evaluate();
        }
        return await("the " + monitor + " monitor to raise", WAIT, () -> raisedState(monitor));
    }

    private Optional<JsonNode> raisedState(String monitor) {
        JsonNode status = api.expect(200, "admin", "GET", url("detection", "/api/v1/systems/" + systemId
                + "/monitors/status"), null);
        return StreamSupport.stream(status.get("monitors").spliterator(), false)
                .filter(m -> m.path("monitor").asText().equals(monitor) && m.path("state").asText().equals("RAISED"))
                .findFirst();
    }

    // ---- the incident ---------------------------------------------------------------------------------

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

    public JsonNode view() {
        return api.expect(200, "commander", "GET", incident(""), null);
    }

    /** Where a person opens the incident and its documents. */
    public List<String> links() {
        PlatformClient.Endpoints e = api.endpoints();
        return List.of("incident:  " + e.incident() + "/api/v1/incidents/" + incidentId,
                "timeline:  " + e.incident() + "/api/v1/incidents/" + incidentId + "/timeline",
                "review:    " + e.reporting() + "/api/v1/incidents/" + incidentId + "/review?format=html");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** Creates a notification-service resource, or replaces it when an earlier run left one with that id. */
    protected void upsert(String collection, String id, Map<String, Object> body) {
        HttpResponse<String> created = api.call("admin", "POST", url("notification", collection), body);
        if (created.statusCode() == 409) {
            api.expect(200, "admin", "PUT", url("notification", collection + "/" + id), body);
        } else if (created.statusCode() != 201) {
            throw new PlatformClient.StoryFailure("POST " + collection + " answered " + created.statusCode() + ": "
                    + created.body());
        }
    }

    /**
     * Makes {@code id} a senior engineering leader in notification-service's people directory (registering them
     * without contact points if they are new, keeping their contact points if not). Only the directory makes
     * someone a senior leader; incident-service learns it from {@code aiim.people.v1}.
     */
    protected void seniorLeader(String id, String name) {
        HttpResponse<String> found = api.call("admin", "GET", url("notification", "/api/v1/people/" + id), null);
        if (found.statusCode() == 404) {
            upsert("/api/v1/people", id, Map.of("id", id, "name", name, "seniorLeader", true, "contacts", List.of()));
            return;
        }
        JsonNode person = PlatformClient.read(found.body());
        if (!person.path("seniorLeader").asBoolean()) {
            api.expect(200, "admin", "PUT", url("notification", "/api/v1/people/" + id), Map.of("name",
                    person.path("name").asText(), "seniorLeader", true, "contacts", person.path("contacts")));
        }
    }

    /**
     * A command that names a SEV1/SEV2 commander, repeated while incident-service has not yet taken in the people
     * directory's latest word on them (a refused command writes nothing, so repeating it is safe).
     */
    protected JsonNode onceTheDirectoryKnows(String user, String method, String url, Object body) {
        return await("incident-service to know the commander as a senior leader", WAIT, () -> {
            HttpResponse<String> response = api.call(user, method, url, body);
            if (response.statusCode() == 409 && response.body().contains("senior engineering leader")) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new PlatformClient.StoryFailure(method + " " + url + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return Optional.of(PlatformClient.read(response.body()));
        });
    }

    /** Changes notification-service's routing document (read, change, write with If-Match). */
    public void changeRouting(Consumer<ObjectNode> change) {
        HttpResponse<String> current = api.call("admin", "GET", url("notification", "/api/v1/routing"), null);
        ObjectNode routing = (ObjectNode) PlatformClient.read(current.body());
        change.accept(routing);
        api.expect(200, "admin", "PUT", url("notification", "/api/v1/routing"), routing,
                "If-Match", current.headers().firstValue("ETag").orElse("*"));
    }

    /** Adds {@code value} to the routing's list {@code field} unless it is there. */
    public static void addOnce(ObjectNode routing, String field, String value) {
        ArrayNode list = routing.withArrayProperty(field);
        if (StreamSupport.stream(list.spliterator(), false).noneMatch(n -> n.asText().equals(value))) {
            list.add(value);
        }
    }

    protected String incident(String path) {
        return url("incident", "/api/v1/incidents/" + incidentId + path);
    }

    protected String url(String service, String path) {
        PlatformClient.Endpoints e = api.endpoints();
        return switch (service) {
            case "detection" -> e.detection();
            case "incident" -> e.incident();
            case "notification" -> e.notification();
            case "reporting" -> e.reporting();
            default -> throw new IllegalArgumentException(service);
        } + path;
    }

    protected static String round(JsonNode number) {
        return number.isNumber() ? String.format("%.2f", number.asDouble()) : number.asText();
    }

    protected void say(String format, Object... args) {
        narrator.accept(String.format(format, args));
    }
}
