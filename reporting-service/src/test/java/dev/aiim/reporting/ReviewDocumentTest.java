package dev.aiim.reporting;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.reporting.domain.HistoryBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import dev.aiim.reporting.rendering.PdfAConformance;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static dev.aiim.reporting.IncidentEvents.produce;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** The review document of a reviewed incident and of one still missing facts, as HTML, Markdown and PDF. */
@QuarkusTest
class ReviewDocumentTest {

    private static String review(String incidentId, String format, int events) {
        return await("the " + format + " review of " + incidentId + " shows its " + events + " events")
                .atMost(Duration.ofSeconds(30))
                .until(() -> given().queryParam("format", format).get("/api/v1/incidents/" + incidentId + "/review"),
                        response -> response.statusCode() == 200
                                && (response.asString().contains("<th scope=\"row\">Events</th><td>" + events + "</td>")
                                || response.asString().contains("- **Events**: " + events + "\n")))
                .asString();
    }

    @Test
    @TestSecurity(user = "cole", roles = "commander")
    void a_reviewed_incident_reads_as_html_markdown_and_pdf() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String incident = "inc-r-" + u;
        List<IncidentEvent> events = new HistoryBuilder(incident, "sys-" + u, false)
                .opened("2026-11-24T08:00:00Z", "2026-11-24T08:20:00Z", DetectionSource.MONITOR)
                .role(IncidentRole.INCIDENT_COMMANDER, "casey", "Casey <Commander>", "2026-11-24T08:25:00Z")
                .triaged("2026-11-24T08:30:00Z", Severity.SEV1)
                .containmentAction("2026-11-24T09:00:00Z", "2.2.1")
                .contained("2026-11-24T09:05:00Z")
                .rootCause("2026-11-24T11:00:00Z")
                .resolutionStep("2026-11-24T12:00:00Z", ResolutionStepKind.IMPACT_REMEDIATED)
                .resolved("2026-11-24T13:00:00Z")
                .reviewPublished("2026-11-26T09:00:00Z")
                .actionItem("a-1", "ana", "2026-12-10", "2026-11-26T09:10:00Z")
                .events();
        produce(events);

        String html = review(incident, "html", events.size());
        assertThat(html).contains("<h2>Timeline</h2>", "<h2>Root cause</h2>", "<h2>Response evaluation</h2>",
                "<h2>Impact and remediation</h2>", "<h2>Action items</h2>", "why 1",
                "Casey &lt;Commander&gt; took the role INCIDENT_COMMANDER",
                "<td>triage (detected to triaged)</td><td>10 min</td><td>30 min</td><td>met</td>",
                "<td>containment (detected to contained)</td><td>45 min</td><td>1 h 00 min</td><td>met</td>",
                "<td>ana</td><td class=\"when\">10 Dec 2026</td><td>open</td>",
                        "<td class=\"when\">24 Nov 2026, 08:25 UTC</td>", "Times are shown in UTC")
                .doesNotContain("Casey <Commander>", "2026-11-24T");
        // the reader's time zone: times as a person there reads them, the zone named
        String berlin = given().queryParam("format", "html").queryParam("tz", "Europe/Berlin")
                .get("/api/v1/incidents/" + incident + "/review").then().statusCode(200).extract().asString();
        assertThat(berlin).contains("<td class=\"when\">24 Nov 2026, 09:25 CET</td>",
                "Europe/Berlin (Central European");
        given().accept("text/html").get("/api/v1/incidents/" + incident + "/review?format=html").then()
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Frame-Options", "DENY");
        String md = review(incident, "md", events.size());
        assertThat(md).startsWith("# Post-incident review: Incident " + incident)
                .contains("## Timeline", "| At | Actor | What |", "| detection (occurred to detected) | 20 | 30 | met |",
                        "- **Root cause**: An upstream change dropped the income field");
        byte[] pdf = given().accept("application/pdf").get("/api/v1/incidents/" + incident + "/review").then()
                .statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains(incident, "Response evaluation", "Five whys",
                    "Page 1 of " + document.getNumberOfPages(), "24 Nov 2026, 08:25 UTC");
        }
        assertThat(PdfAConformance.violations(pdf)).as("PDF/A-3a rules broken").isEmpty();
    }

    @Test
    @TestSecurity(user = "cole", roles = "commander")
    void a_review_with_missing_facts_says_what_is_not_known() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String incident = "inc-m-" + u;
        List<IncidentEvent> events = new HistoryBuilder(incident, "sys-" + u, false)
                .opened(null, "2026-11-24T08:20:00Z", DetectionSource.ALERT)
                .triaged("2026-11-24T09:30:00Z", Severity.SEV2).events();
        produce(events);
        String html = review(incident, "html", events.size());
        assertThat(html).contains("not identified",
                "<td>detection (occurred to detected)</td><td>—</td><td>4 h 00 min</td><td>not measured</td>",
                "<td>triage (detected to triaged)</td><td>1 h 10 min</td><td>30 min</td><td>missed</td>",
                "not drafted yet");
    }

    @Test
    @TestSecurity(user = "cole", roles = "commander")
    void unknown_incidents_and_formats_get_problems() {
        problem(given().get("/api/v1/incidents/inc-none/review"), 404, "not-found");
        problem(given().queryParam("format", "docx").get("/api/v1/incidents/inc-none/review"), 400, "validation");
        problem(given().queryParam("tz", "Mars/Olympus").get("/api/v1/incidents/inc-none/review"), 400, "validation");
    }
}
