package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.faults.FaultPlatform.Service;
import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.DETECTION;
import static dev.aiim.faults.FaultPlatform.Service.INCIDENT;
import static dev.aiim.faults.FaultPlatform.Service.NOTIFICATION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 8: bad bodies on every endpoint that takes JSON (generated from the services' OpenAPI documents), sent by a
 * caller the endpoint lets in, to real objects where its path names one: malformed JSON, the wrong shape, a bare
 * string, {@code null}, 5,000 levels of nesting, every field of the wrong type, bytes that are not UTF-8, NUL and
 * lone surrogates in every text field, and 2 MiB. Each is a 4xx problem+json that names no Java class (PagerDuty's
 * intake answers in PagerDuty's error shape, the export check an object with a verdict), and
 * nothing is stored: the counts of what the platform keeps are the same after as before. Query parameters of
 * the wrong type are 400. Odd Unicode in otherwise good bodies is stored or refused, never a 5xx.
 */
@Tag("ci")
class MalformedBodiesFaultIT {

    /** A Java class name (package.Class) or a Jackson message in an answer is an implementation leaking out. */
    private static final Pattern LEAK = Pattern.compile("\\b(java|javax|jakarta|com|org|io|dev)\\.[a-z]+\\.[a-zA-Z.]+"
            + "|Exception|jackson|Unrecognized token|Cannot deserialize");

    @Test
    void every_bad_body_is_a_4xx_problem_and_nothing_is_stored() throws Exception {
        FaultRun run = FaultRun.of("bodies", 1);
        String system = run.systems.get(0);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String incident = CLIENT.expect(201, "commander", "POST", INCIDENT.url("/api/v1/incidents"), Map.of(
                "title", "Bad bodies " + run.id, "description", "fault suite", "systemId", system, "category",
                "SAFETY", "occurredAt", now.minusSeconds(600).toString(), "detectedAt", now.toString(), "source",
                "MANUAL", "simulation", false)).get("id").asText();
        Map<String, String> intakeTokens = new LinkedHashMap<>();
        for (String type : List.of("ALERTMANAGER", "GRAFANA", "PAGERDUTY_EVENTS_V2", "GENERIC")) {
            intakeTokens.put(type, CLIENT.expect(201, "admin", "POST", DETECTION.url("/api/v1/integrations"), Map.of(
                    "name", "bodies " + type + " " + run.id, "type", type)).get("token").asText());
        }
        Map<String, Integer> before = kept(incident, system);

        List<String> failures = new ArrayList<>();
        int operations = 0;
        for (Service service : Service.values()) {
            for (OpenApi operation : OpenApi.operations(service)) {
                String url = service.url(operation.path(name -> switch (name) {
                    case "id" -> service == INCIDENT ? incident : "fault-suite-none";
                    case "systemId" -> system;
                    default -> RoleMatrixFaultIT.madeUp(name);
                }));
                String[] credentials = credentials(operation, intakeTokens);
                if (!operation.query().isEmpty() && "GET".equals(operation.method())) {
                    checkQuery(run, operation, url, credentials, failures);
                }
                if (operation.body() == null) {
                    continue;
                }
                operations++;
                for (Map.Entry<String, byte[]> bad : badBodies(operation).entrySet()) {
                    HttpResponse<String> answer = send(operation.method(), url, bad.getValue(), credentials);
                    run.ledger.answered(answer.statusCode());
                    String problem = answer.headers().firstValue("Content-Type").orElse("");
                    if (!refusedCleanly(operation, answer, problem) || LEAK.matcher(answer.body()).find()) {
                        failures.add(operation.name() + " with " + bad.getKey() + ": " + answer.statusCode() + " "
                                + problem + " " + abbreviate(answer.body()));
                    }
                }
            }
        }
        Map<String, Integer> after = kept(incident, system);
        if (!after.equals(before)) {
            failures.add("something was stored: before " + before + ", after " + after);
        }
        failures.addAll(oddUnicodeInGoodBodies(run, incident, system, intakeTokens.get("GENERIC")));

        ReliabilityTable.record(new ReliabilityTable.Row(8, "Malformed, wrong-type, deeply nested, non-UTF-8, "
                + "NUL/surrogate and 2 MiB bodies on every JSON endpoint (" + operations + " operations), wrong-type "
                + "query parameters, odd Unicode in good bodies", run.ledger.tally() + "; " + failures.size()
                + " not a clean 4xx; stored counts unchanged: " + after.equals(before), 0, 0, 0,
                run.ledger.serverErrors(), "-", getClass().getSimpleName()));
        assertThat(failures).as("bad input not answered with a clean 4xx problem").isEmpty();
        assertThat(run.ledger.serverErrors()).as(run.ledger.tally()).isZero();
    }

    /**
     * A 4xx problem+json; two endpoints answer in their own documented way: PagerDuty's intake in PagerDuty's error
     * shape (its senders read that), and the export check a verdict (valid: false) for an object that is no export.
     */
    private static boolean refusedCleanly(OpenApi operation, HttpResponse<String> answer, String contentType) {
        if (operation.path().equals("/api/v1/intake/pagerduty/v2/enqueue") && answer.statusCode() == 400) {
            return "invalid event".equals(PlatformClient.read(answer.body()).path("status").asText());
        }
        if (operation.path().equals("/api/v1/exports/verify") && answer.statusCode() == 200) {
            return PlatformClient.read(answer.body()).path("valid").isBoolean()
                    && !PlatformClient.read(answer.body()).path("valid").asBoolean();
        }
        return answer.statusCode() >= 400 && answer.statusCode() <= 499
                && contentType.startsWith("application/problem+json");
    }

    /** The bad bodies for one operation, by name. */
    private static Map<String, byte[]> badBodies(OpenApi operation) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("malformed JSON", "{\"summary\": \"unterminated");
        text.put("the wrong shape", "array".equals(operation.body()) ? "{\"a\": 1}" : "[1, 2, 3]");
        text.put("a bare string", "\"just text\"");
        text.put("null", "null");
        text.put("5,000 levels of nesting", "{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        if (!operation.properties().isEmpty()) {
            Map<String, Object> wrong = new LinkedHashMap<>();
            Map<String, Object> control = new LinkedHashMap<>();
            operation.properties().forEach((name, type) -> {
                wrong.put(name, switch (type) {
                    case "string" -> Map.of("not", "a string");
                    case "integer", "number" -> "not a number";
                    case "boolean" -> "perhaps";
                    case "array" -> "not a list";
                    default -> 42;
                });
                if ("string".equals(type)) {
                    control.put(name, "nul \u0000 and a lone surrogate \ud800");
                }
            });
            text.put("every field of the wrong type", PlatformClient.write(wrong));
            if (!control.isEmpty()) {
                text.put("NUL and a lone surrogate in every text field", PlatformClient.write(control));
            }
        }
        text.put("2 MiB", "{\"summary\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}");
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        text.forEach((name, body) -> bodies.put(name, body.getBytes(StandardCharsets.UTF_8)));
        // 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte
        bodies.put("bytes that are not UTF-8", new byte[] {'{', '"', 's', 'u', 'm', 'm', 'a', 'r', 'y', '"', ':', '"',
                (byte) 0xC3, (byte) 0x28, '"', '}'});
        return bodies;
    }

    /** Each query parameter of a typed schema given a value of another type: 400. */
    private static void checkQuery(FaultRun run, OpenApi operation, String url, String[] credentials,
                                   List<String> failures) throws IOException, InterruptedException {
        for (Map.Entry<String, String> parameter : operation.query().entrySet()) {
            String type = parameter.getValue();
            String wrong = type.startsWith("integer") || type.startsWith("number") ? "ten"
                    : type.startsWith("boolean") ? "perhaps" : type.contains("date") ? "yesterday-ish" : null;
            if (wrong == null) {
                continue;
            }
            HttpResponse<String> answer = send("GET", url + "?" + parameter.getKey() + "=" + wrong, null,
                    credentials);
            run.ledger.answered(answer.statusCode());
            if (answer.statusCode() != 400 || LEAK.matcher(answer.body()).find()) {
                failures.add(operation.name() + " with ?" + parameter.getKey() + "=" + wrong + ": "
                        + answer.statusCode() + " " + abbreviate(answer.body()));
            }
        }
    }

    /** Authorization for a caller the operation lets in: its first role, an intake credential, or none. */
    private static String[] credentials(OpenApi operation, Map<String, String> intakeTokens) {
        String path = operation.path();
        if (path.startsWith("/api/v1/intake/")) {
            String type = path.contains("alertmanager") ? "ALERTMANAGER" : path.contains("grafana") ? "GRAFANA"
                    : path.contains("pagerduty") ? "PAGERDUTY_EVENTS_V2" : "GENERIC";
            return new String[] {"Authorization", "Bearer " + intakeTokens.get(type)};
        }
        if (operation.roles() != null) {
            return new String[] {"Authorization", "Bearer " + CLIENT.token(operation.roles().get(0))};
        }
        // telemetry takes an admin's token (or an integration bound to the system); public pages take none
        return path.startsWith("/api/v1/systems/") ? new String[] {"Authorization", "Bearer " + CLIENT.token("admin")}
                : new String[0];
    }

    private static HttpResponse<String> send(String method, String url, byte[] body, String[] headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, */*;q=0.1").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.header(headers[0], headers[1]);
        }
        return CLIENT.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * What the platform keeps that a bad body could add to or change: AI systems, integrations, incidents (and the
     * run's incident's version), people, channels, schedules and escalation policies.
     */
    private static Map<String, Integer> kept(String incident, String system) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("systems", count(CLIENT.expect(200, "admin", "GET", DETECTION.url("/api/v1/systems"), null)));
        counts.put("integrations", count(CLIENT.expect(200, "admin", "GET", DETECTION.url("/api/v1/integrations"),
                null)));
        counts.put("incidents", CLIENT.expect(200, "admin", "GET", INCIDENT.url("/api/v1/incidents?size=1"), null)
                .get("total").asInt());
        counts.put("incidents of the run's system", CLIENT.expect(200, "admin", "GET", INCIDENT.url(
                "/api/v1/incidents?size=1&systemId=" + system), null).get("total").asInt());
        counts.put("version of the run's incident", CLIENT.expect(200, "admin", "GET", INCIDENT.url(
                "/api/v1/incidents/" + incident), null).get("version").asInt());
        for (String kept : List.of("people", "channels", "schedules", "escalation-policies")) {
            counts.put(kept, count(CLIENT.expect(200, "admin", "GET", NOTIFICATION.url("/api/v1/" + kept), null)));
        }
        return counts;
    }

    private static int count(JsonNode list) {
        if (list.isArray()) {
            return list.size();
        }
        return list.has("total") ? list.get("total").asInt() : list.path("items").size();
    }

    /** Good bodies with odd text: stored (2xx) or refused (4xx), never a 5xx. */
    private static List<String> oddUnicodeInGoodBodies(FaultRun run, String incident, String system,
                                                       String genericToken) {
        String odd = "right-to-left \u202e override, zero width \u200b joiner, emoji \ud83e\udd16, combining e\u0301, "
                + "a lone surrogate \udc00 and a BOM \ufeff";
        List<String> found = new ArrayList<>();
        List<HttpResponse<String>> answers = List.of(
                CLIENT.call("responder", "POST", INCIDENT.url("/api/v1/incidents/" + incident + "/timeline-entries"),
                        Map.of("at", Instant.now().toString(), "text", odd)),
                CLIENT.call(null, "POST", DETECTION.url("/api/v1/intake/signals"), Map.of("systemId", system,
                        "category", "SAFETY", "summary", odd, "dedupKey", "odd-" + run.id), "Authorization",
                        "Bearer " + genericToken),
                CLIENT.call("reporter", "POST", DETECTION.url("/api/v1/reports"), Map.of("description", odd),
                        "X-Forwarded-For", run.clientAddress),
                CLIENT.call("admin", "POST", DETECTION.url("/api/v1/systems"), Map.of("id", "odd-" + run.id, "name",
                        odd, "ownerTeam", odd, "riskTier", "STANDARD", "knownGoodVersions", List.of(),
                        "dataCategories", List.of(), "jurisdictions", List.of())));
        for (HttpResponse<String> answer : answers) {
            run.ledger.answered(answer.statusCode());
            if (answer.statusCode() >= 500) {
                found.add(answer.request().method() + " " + answer.request().uri() + " with odd Unicode: "
                        + answer.statusCode() + " " + abbreviate(answer.body()));
            }
        }
        return found;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
