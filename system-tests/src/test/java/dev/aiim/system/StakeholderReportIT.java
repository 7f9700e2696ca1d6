package dev.aiim.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.EventJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.aiim.system.Platform.Service.DETECTION;
import static dev.aiim.system.Platform.Service.INCIDENT;
import static dev.aiim.system.Platform.Service.REPORTING;
import static dev.aiim.system.Platform.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, part 3: a person reports through the public HTML form; the report becomes a detection on
 * Kafka, incident-service opens an incident from it, the receipt names that incident, and reporting-service
 * has its events for the review.
 */
class StakeholderReportIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void platform() throws Exception {
        Platform.start();
    }

    @Test
    void a_report_through_the_form_becomes_an_incident_that_its_receipt_names() throws Exception {
        // a system of its own, so the report opens a new incident rather than joining an open one
        String systemId = "report-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> registered = call("admin", "POST", DETECTION.url("/api/v1/systems"), "{\"id\": \"" + systemId
                + "\", \"name\": \"Credit scoring " + systemId + "\", \"ownerTeam\": \"risk-ml\", \"client\":"
                + " {\"name\": \"Mid-tier bank\", \"contacts\": []}, \"riskTier\": \"HIGH\", \"modelVersion\": \"2.3.0\","
                + " \"knownGoodVersions\": [\"2.2.1\"], \"dataCategories\": [\"PERSONAL_DATA\"], \"jurisdictions\": [\"EU\"]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(URI.create(DETECTION.url("/report"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the form carries its CSRF field").isTrue();

        String marker = "System test " + UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf-token", csrf.group(1));
        fields.put("description", marker + ": my loan was denied although my income qualifies");
        fields.put("systemId", systemId);
        fields.put("concern", "UNFAIR");
        fields.put("noticedAt", LocalDateTime.now(ZoneOffset.UTC).minusDays(2).truncatedTo(ChronoUnit.MINUTES)
                .toString());
        fields.put("affected", "applicants over 60");
        fields.put("contact", "applicant@example.com");
        fields.put("website", "");
        String form = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(DETECTION.url("/report")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        String receipt = posted.headers().firstValue("Location").orElseThrow().replaceAll(".*/report/receipt/", "");

        // the response team is told which incident the report joined
        HttpResponse<String> linkedStatus = await("receipt " + receipt + " linked to an incident").atMost(WAIT)
                .until(() -> call("responder", "GET", DETECTION.url("/api/v1/reports/" + receipt), null),
                        status -> status.statusCode() == 200 && status.body().contains("\"LINKED\""));
        JsonNode linked = EventJson.mapper().readTree(linkedStatus.body());
        String incidentId = linked.get("incidentId").asText();
        // whoever holds the receipt reads what is being done, without the platform's internal ids
        JsonNode asReporter = EventJson.mapper().readTree(call("reporter", "GET",
                DETECTION.url("/api/v1/reports/" + receipt), null).body());
        assertThat(asReporter.path("incidentId").isNull()).isTrue();
        assertThat(asReporter.path("statusText").asText()).isEqualTo("being looked into by the incident response team")
                .doesNotContain(incidentId);

        HttpResponse<String> incident = call("responder", "GET", INCIDENT.url("/api/v1/incidents/" + incidentId), null);
        assertThat(incident.statusCode()).isEqualTo(200);
        JsonNode view = EventJson.mapper().readTree(incident.body());
        assertThat(view.get("status").asText()).isEqualTo("DETECTED");
        assertThat(view.get("source").asText()).isEqualTo("STAKEHOLDER_REPORT");
        assertThat(view.get("systemId").asText()).isEqualTo(systemId);

        await("reporting-service has the incident's events: its review answers").atMost(WAIT)
                .until(() -> call("commander", "GET", REPORTING.url("/api/v1/incidents/" + incidentId
                        + "/review?format=md"), null).statusCode() == 200);
    }
}
