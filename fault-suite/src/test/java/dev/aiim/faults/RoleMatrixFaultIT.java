package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.faults.FaultPlatform.Service;
import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.DETECTION;
import static dev.aiim.faults.FaultPlatform.Service.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 9: every endpoint the four services document (their OpenAPI documents) called by every role and by no one.
 * A role its security requirement names gets past the door (anything but 401 and 403: a 400 for the deliberately
 * wrong body, a 404 for the made-up id); every other role 403; no token 401; nothing 5xx. Then what a role
 * matrix cannot see: an id of one incident or system is not reachable through another's path (BOLA), and fields a
 * client sends that the server owns (ids, versions, states, secrets) are never taken from the body.
 */
@Tag("ci")
class RoleMatrixFaultIT {

    static final List<String> ROLES = List.of("reporter", "responder", "commander", "leadership", "regulator",
            "admin");
    /**
     * Pages anyone may open without a token (the report form, its receipts, a page's acknowledgement link, the
     * published signing keys), and PagerDuty's intake, whose credential is in the body (a bad body is refused
     * before it is read: 400).
     */
    private static final Set<String> PUBLIC = Set.of("/report", "/report/receipt/{receiptId}",
            "/api/v1/reports/{receiptId}", "/pages/{pageId}/ack", "/api/v1/pages/{pageId}/ack",
            "/api/v1/intake/pagerduty/v2/enqueue", "/.well-known/jwks.json");
    /** Browser pages signed in with the code flow: a bearer token is not a session, so everyone is sent to sign in. */
    private static final List<String> BROWSER = List.of("/dashboard", "/console");

    @Test
    void every_endpoint_lets_in_exactly_the_roles_it_declares() {
        FaultRun run = FaultRun.of("roles", 1);
        List<String> mismatches = new ArrayList<>();
        int operations = 0;
        for (Service service : Service.values()) {
            for (OpenApi operation : OpenApi.operations(service)) {
                operations++;
                String url = service.url(operation.path(RoleMatrixFaultIT::madeUp));
                // a body of the wrong shape: an allowed role is stopped at validation, so nothing changes
                String body = operation.body() == null ? null : "array".equals(operation.body()) ? "{}" : "[]";
                if (operation.roles() == null) {
                    int status = call(run, null, operation.method(), url, body);
                    if (!PUBLIC.contains(operation.path()) && status != 401) {
                        mismatches.add(operation.name() + " without a token: " + status + " (expected 401)");
                    }
                    continue;
                }
                if (BROWSER.stream().anyMatch(operation.path()::startsWith)) {
                    for (String role : ROLES) {
                        int status = call(run, role, operation.method(), url, body);
                        if (status != 302) {
                            mismatches.add(operation.name() + " as " + role + ": " + status + " (a browser page: 302 "
                                    + "to sign in)");
                        }
                    }
                    continue;
                }
                int anonymous = call(run, null, operation.method(), url, body);
                if (anonymous != 401) {
                    mismatches.add(operation.name() + " without a token: " + anonymous + " (expected 401)");
                }
                for (String role : ROLES) {
                    boolean allowed = operation.roles().contains(role);
                    if (allowed && !"GET".equals(operation.method()) && !operation.hasPathParameters()
                            && body == null) {
                        continue; // a write with nothing to stop it (a rebuild, a clock reset): not run for real
                    }
                    int status = call(run, role, operation.method(), url, body);
                    if (allowed ? status == 401 || status == 403 : status != 403) {
                        mismatches.add(operation.name() + " as " + role + ": " + status + " (declared roles "
                                + operation.roles() + ")");
                    }
                }
            }
        }
        mismatches.addAll(objectsOfOthers(run));
        mismatches.addAll(serverOwnedFields(run));

        ReliabilityTable.record(new ReliabilityTable.Row(9, "Every endpoint (" + operations + " operations in the "
                + "OpenAPI documents) x every role and no token; ids of other incidents and systems through another's "
                + "path; server-owned fields in bodies", run.ledger.tally() + "; " + mismatches.size()
                + " mismatches", 0, 0, 0, run.ledger.serverErrors(), "-", getClass().getSimpleName()));
        assertThat(mismatches).as("answers other than the declared roles allow").isEmpty();
        assertThat(run.ledger.serverErrors()).as(run.ledger.tally()).isZero();
    }

    /** An id that names nothing (so an allowed role gets a 404, never a change), or a valid enum value. */
    static String madeUp(String parameter) {
        return switch (parameter) {
            case "role" -> "INCIDENT_COMMANDER";
            case "regime" -> "eu-ai-act-art73";
            case "partition" -> "0";
            case "offset" -> "999999999";
            default -> "fault-suite-none";
        };
    }

    private static int call(FaultRun run, String role, String method, String url, String body) {
        HttpResponse<String> response = CLIENT.call(role, method, url, body);
        run.ledger.answered(response.statusCode());
        return response.statusCode();
    }

    /** BOLA: a telemetry credential of one system, and an action item of one incident, through another's path. */
    private static List<String> objectsOfOthers(FaultRun run) {
        List<String> found = new ArrayList<>();
        String mine = run.systems.get(0);
        String theirs = run.probeSystem;
        String boundToMine = CLIENT.expect(201, "admin", "POST", DETECTION.url("/api/v1/integrations"), Map.of(
                "name", "telemetry " + run.id, "type", "TELEMETRY", "systemId", mine)).get("token").asText();
        String records = "{\"records\": [{\"id\": \"r-" + run.id + "\", \"timestamp\": \"" + Instant.now()
                + "\", \"prediction\": \"approve\", \"score\": 0.7}]}";
        HttpResponse<String> own = CLIENT.call(null, "POST", DETECTION.url("/api/v1/systems/" + mine + "/predictions"),
                records, "Authorization", "Bearer " + boundToMine);
        HttpResponse<String> other = CLIENT.call(null, "POST", DETECTION.url("/api/v1/systems/" + theirs
                + "/predictions"), records, "Authorization", "Bearer " + boundToMine);
        run.ledger.answered(own.statusCode());
        run.ledger.answered(other.statusCode());
        if (own.statusCode() != 202 || other.statusCode() != 403) {
            found.add("telemetry credential of " + mine + ": own system " + own.statusCode() + " (expected 202), "
                    + theirs + " " + other.statusCode() + " (expected 403)");
        }

        String first = declare(run, mine);
        String second = declare(run, theirs);
        CLIENT.expect(200, "commander", "POST", INCIDENT.url("/api/v1/incidents/" + second + "/triage"), Map.of(
                "decision", "CONFIRMED", "severity", "SEV3", "rationale", "fault suite"));
        JsonNode withItem = CLIENT.expect(200, "commander", "POST", INCIDENT.url("/api/v1/incidents/" + second
                + "/action-items"), Map.of("title", "Add a check", "owner", "risk-ml", "dueDate",
                LocalDate.now().plusDays(30).toString(), "kind", "DETECT"));
        String item = withItem.at("/actionItems/0/id").asText();
        HttpResponse<String> across = CLIENT.call("commander", "POST", INCIDENT.url("/api/v1/incidents/" + first
                + "/action-items/" + item + "/complete"), null);
        run.ledger.answered(across.statusCode());
        JsonNode after = CLIENT.expect(200, "commander", "GET", INCIDENT.url("/api/v1/incidents/" + second), null);
        if (across.statusCode() != 404 || !after.at("/actionItems/0/completedAt").isNull()) {
            found.add("action item " + item + " of incident " + second + " completed through incident " + first
                    + ": " + across.statusCode() + " (expected 404), completedAt " + after.at("/actionItems/0"
                    + "/completedAt"));
        }
        return found;
    }

    /** Mass assignment: server-owned fields sent in bodies (taken as unknown and ignored, or refused). */
    private static List<String> serverOwnedFields(FaultRun run) {
        List<String> found = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> incident = new HashMap<>(Map.of("title", "Mass assignment " + run.id, "description",
                "fault suite", "systemId", run.systems.get(0), "category", "SAFETY", "occurredAt",
                now.minusSeconds(600).toString(), "detectedAt", now.minusSeconds(60).toString(), "source", "MANUAL",
                "simulation", false));
        incident.putAll(Map.of("id", "chosen-" + run.id, "version", 42, "status", "CLOSED", "closedAt",
                now.toString(), "roles", Map.of("INCIDENT_COMMANDER", Map.of("id", "mallory", "name", "Mallory",
                        "email", "m@example.com", "seniorLeader", true)), "reviewPublished", true));
        HttpResponse<String> declared = CLIENT.call("responder", "POST", INCIDENT.url("/api/v1/incidents"), incident);
        run.ledger.answered(declared.statusCode());
        if (declared.statusCode() == 201) {
            JsonNode view = PlatformClient.read(declared.body());
            if (view.get("id").asText().equals("chosen-" + run.id) || view.get("version").asInt() != 1
                    || !view.get("status").asText().equals("DETECTED") || !view.path("closedAt").isNull()
                    || !view.path("roles").isEmpty()) {
                found.add("a declared incident took server-owned fields from its body: " + view);
            }
        } else if (declared.statusCode() != 400) {
            found.add("a declaration with server-owned fields answered " + declared.statusCode());
        }

        HttpResponse<String> integration = CLIENT.call("admin", "POST", DETECTION.url("/api/v1/integrations"),
                Map.of("name", "owned " + run.id, "type", "GENERIC", "token", "chosen-token-" + run.id,
                        "signingSecret", "chosen-secret", "status", "REVOKED", "id", "int-chosen-" + run.id));
        run.ledger.answered(integration.statusCode());
        if (integration.statusCode() == 201) {
            JsonNode created = PlatformClient.read(integration.body());
            if (created.get("id").asText().equals("int-chosen-" + run.id)
                    || created.get("token").asText().equals("chosen-token-" + run.id)
                    || created.path("signingSecret").asText().equals("chosen-secret")
                    || created.path("status").asText().equals("REVOKED")) {
                found.add("an integration took server-owned fields from its body: " + created);
            }
        } else if (integration.statusCode() != 400) {
            found.add("an integration with server-owned fields answered " + integration.statusCode());
        }

        HttpResponse<String> report = CLIENT.call("reporter", "POST", DETECTION.url("/api/v1/reports"), Map.of(
                "description", "The chatbot quoted another customer's address " + run.id, "receiptId",
                "chosen-receipt-" + run.id, "status", "RESOLVED", "incidentId", "chosen-incident"),
                "X-Forwarded-For", run.clientAddress);
        run.ledger.answered(report.statusCode());
        if (report.statusCode() == 201) {
            JsonNode receipt = PlatformClient.read(report.body());
            if (receipt.get("receiptId").asText().equals("chosen-receipt-" + run.id)
                    || receipt.path("status").asText().equals("RESOLVED")
                    || receipt.path("incidentId").asText().equals("chosen-incident")) {
                found.add("a report took server-owned fields from its body: " + receipt);
            }
        } else if (report.statusCode() != 400) {
            found.add("a report with server-owned fields answered " + report.statusCode());
        }
        return found;
    }

    private static String declare(FaultRun run, String system) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return CLIENT.expect(201, "commander", "POST", INCIDENT.url("/api/v1/incidents"), Map.of("title",
                "BOLA " + run.id, "description", "fault suite", "systemId", system, "category", "SAFETY",
                "occurredAt", now.minusSeconds(600).toString(), "detectedAt", now.minusSeconds(60).toString(),
                "source", "MANUAL", "simulation", false)).get("id").asText();
    }
}
