package dev.aiim.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.aiim.system.story.CreditModelStory;
import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.aiim.system.Platform.Service.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: the responder console in headless Chromium. The credit model's fairness monitor opens the incident;
 * from then on a commander runs the response through the console only, and the API's event log holds exactly the
 * events the clicks asked for. Two browsers on one incident: a stale submit is refused with the typed text kept,
 * and a change made through the API appears without a reload. A responder is offered only a responder's forms, a
 * leader none. axe-core finds no serious or critical violation; screenshots at 1280 and 390 px.
 */
class ConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<WebDriver> BROWSERS = new ArrayList<>();
    private static HttpServer pager;
    private static CreditModelStory story;
    private static String incidentUrl;

    @BeforeAll
    static void theCreditModelDeniesOneGroupAndAnIncidentOpens() throws Exception {
        Platform.start();
        pager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pager.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        pager.start();
        story = new CreditModelStory(Platform.CLIENT, line -> System.out.println("[console story] " + line),
                UUID.randomUUID().toString().substring(0, 8));
        story.resetClocks();
        story.registerSystem();
        story.prepareResponse("http://127.0.0.1:" + pager.getAddress().getPort() + "/hook");
        story.configureMonitors();
        story.streamStableDecisions();
        story.encodingChange();
        story.fairnessDetection();
        story.incident();
        incidentUrl = INCIDENT.url("/console/incidents/" + story.incidentId());
        untilTheDirectoryKnowsTheCommanderIsSenior();
    }

    @AfterAll
    static void stop() {
        BROWSERS.forEach(WebDriver::quit);
        if (story != null) {
            story.resetClocks();
        }
        if (pager != null) {
            pager.stop(0);
        }
    }

    @Test
    void a_commander_runs_the_credit_model_story_through_the_console_only() throws Exception {
        WebDriver commander = browser("commander", INCIDENT.url("/console"));
        new WebDriverWait(commander, WAIT).until(d -> d.getPageSource().contains(story.incidentId()));
        assertThat(Chromium.seriousAccessibilityViolations(commander)).as("axe-core on the list").isEmpty();
        Chromium.screenshots(commander, "console-list");

        commander.get(incidentUrl);
        assertThat(text(commander, "next-h")).isEqualTo("What the playbook asks next");
        assertThat(commander.findElement(By.cssSelector(".next li")).getText()).startsWith("Triage within 30 minutes");
        assertThat(commander.getPageSource()).contains("known good: 2.2.1", "Group 60+ (age_band) favoured at");
        assertThat(Chromium.seriousAccessibilityViolations(commander)).as("axe-core on the incident page").isEmpty();
        Chromium.screenshots(commander, "console-incident");
        long before = version(commander);

        submit(commander, "roles", Map.of("ro-id", "commander", "ro-name", "Casey Commander"),
                Map.of("ro-role", "INCIDENT_COMMANDER"));
        submit(commander, "triage", Map.of("tr-rat", "Applicants aged 60+ are denied credit: discrimination on a"
                + " protected characteristic in a HIGH-risk system"), Map.of("tr-sev", "SEV1"));
        assertThat(text(commander, "status")).isEqualTo("TRIAGED");
        submit(commander, "roles", Map.of("ro-id", "responder", "ro-name", "Robin Responder"),
                Map.of("ro-role", "TECHNICAL_LEAD"));
        submit(commander, "roles", Map.of("ro-id", "commander", "ro-name", "Casey Commander"),
                Map.of("ro-role", "COMMUNICATIONS_LEAD"));
        submit(commander, "containment-actions", Map.of("ca-desc", "Rolled the model back to the last known good"
                + " version"), Map.of("ca-type", "ROLLBACK", "ca-version", "2.2.1"));
        submit(commander, "containment", Map.of("co-sum", "Model 2.2.1 serves again; approvals for 60+ are back"),
                Map.of());
        assertThat(text(commander, "status")).isEqualTo("CONTAINED");
        submit(commander, "status-updates", Map.of("su-known", "Applicants aged 60+ were wrongly denied for 10"
                + " minutes", "su-doing", "The model is rolled back; we are correcting the affected decisions"),
                Map.of("su-aud", "CLIENT"));
        submit(commander, "root-cause", Map.of("rc-desc", "A pipeline change sent age in months, not years",
                "rc-fac", "no schema check on the feature\nno fairness gate before release"),
                Map.of("rc-cat", "DATA_PIPELINE_CHANGE"));
        submit(commander, "resolution-steps", Map.of("rs-desc", "Age parsed in years again"),
                Map.of("rs-step", "FIX_DEVELOPED"));
        submit(commander, "resolution-steps", Map.of("rs-desc", "Replayed last week: four-fifths rule holds"),
                Map.of("rs-step", "FIX_TESTED", "rs-fair", "true", "rs-perf", "true"));
        submit(commander, "resolution-steps", Map.of("rs-desc", "Released as 2.3.1"), Map.of("rs-step",
                "FIX_DEPLOYED"));
        submit(commander, "resolution-steps", Map.of("rs-desc", "Denied applications re-decided", "rs-cor",
                String.valueOf(story.wrongDenials())), Map.of("rs-step", "IMPACT_REMEDIATED"));
        submit(commander, "resolve", Map.of("re-sum", "Fixed, tested for fairness and deployed"), Map.of());
        assertThat(text(commander, "status")).isEqualTo("RESOLVED");
        submit(commander, "review", Map.of("rv-sum", "A pipeline change denied credit to applicants aged 60+",
                "rv-imp", story.wrongDenials() + " applications wrongly denied", "rv-why",
                "approvals fell\nage arrived in months\nthe pipeline changed its unit\nno schema contract\nno owner",
                "rv-les", "Gate releases on fairness\nContract the feature schema"), Map.of());
        submit(commander, "action-items", Map.of("ai-title", "Schema contract for the age feature", "ai-owner",
                "risk-ml", "ai-due", LocalDate.now().plusDays(30).toString()), Map.of("ai-kind", "PREVENT"));
        submit(commander, "review/publish", Map.of(), Map.of());
        submit(commander, "close", Map.of("cl-sum", "Reviewed, lessons recorded, action item open"), Map.of());
        assertThat(text(commander, "status")).isEqualTo("CLOSED");
        assertThat(Chromium.consoleErrors(commander)).as("console errors").isEmpty();

        List<String> clicked = new ArrayList<>();
        for (JsonNode event : Platform.CLIENT.expect(200, "commander", "GET",
                INCIDENT.url("/api/v1/incidents/" + story.incidentId() + "/events"), null)) {
            if (event.get("version").asLong() > before) {
                clicked.add(event.get("type").asText() + " by " + event.path("actor").path("id").asText());
            }
        }
        assertThat(clicked).as("the events the clicks asked for, and nothing else").containsExactly(
                "incident.role-assigned by commander", "incident.triaged by commander",
                "incident.role-assigned by commander", "incident.role-assigned by commander",
                "incident.containment-action-recorded by commander", "incident.contained by commander",
                "incident.status-update-posted by commander", "incident.root-cause-identified by commander",
                "incident.resolution-step-recorded by commander", "incident.resolution-step-recorded by commander",
                "incident.resolution-step-recorded by commander", "incident.resolution-step-recorded by commander",
                "incident.resolved by commander", "incident.review-drafted by commander",
                "incident.action-item-added by commander", "incident.review-published by commander",
                "incident.closed by commander");
    }

    @Test
    void two_browsers_on_one_incident_a_stale_submit_keeps_its_text_and_api_changes_arrive_live() throws Exception {
        String id = declared("Two browsers " + UUID.randomUUID());
        String url = INCIDENT.url("/console/incidents/" + id);
        WebDriver first = browser("commander", url);
        WebDriver second = browser("responder", url);

        // the responder is offered a responder's forms, not the commander's decisions
        assertThat(second.findElements(By.id("form-timeline-entries"))).hasSize(1);
        assertThat(second.findElements(By.id("form-triage"))).isEmpty();
        assertThat(second.getPageSource()).contains("waiting for: incident commander");

        // the responder types; meanwhile the commander adds an entry; the responder's submit is stale
        WebElement typed = second.findElement(By.id("te-text"));
        typed.sendKeys("Responder's observation, typed while someone else wrote");
        submit(first, "timeline-entries", Map.of("te-text", "Commander's entry, first"), Map.of());
        second.findElement(By.cssSelector("#form-timeline-entries button[type=submit]")).click();
        new WebDriverWait(second, WAIT).until(d -> !d.findElements(By.id("refusal-timeline-entries")).isEmpty());
        assertThat(text(second, "refusal-timeline-entries")).contains("412", "Someone else changed the incident",
                "Commander's entry, first");
        assertThat(second.findElement(By.id("te-text")).getAttribute("value"))
                .isEqualTo("Responder's observation, typed while someone else wrote");
        Chromium.screenshot(second, "console-stale-submit");

        // a change through the API appears in the first browser, without a reload
        ((JavascriptExecutor) first).executeScript("window.aiimNotReloaded = true;");
        String note = "Entry through the API " + UUID.randomUUID();
        Platform.CLIENT.expect(200, "commander", "POST", INCIDENT.url("/api/v1/incidents/" + id + "/timeline-entries"),
                Map.of("at", story.now().toString(), "text", note));
        // the live update replaces the section while it is read: a stale element is read again
        new WebDriverWait(first, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> text(d, "timeline").contains(note));
        assertThat(((JavascriptExecutor) first).executeScript("return window.aiimNotReloaded === true;"))
                .as("the page was updated in place").isEqualTo(true);
        assertThat(text(first, "notice")).contains(note);
        assertThat(Chromium.consoleErrors(first)).as("console errors").isEmpty();
    }

    @Test
    void a_leader_reads_the_incident_and_is_offered_no_action() throws Exception {
        String id = declared("Leadership reads " + UUID.randomUUID());
        WebDriver leader = browser("leadership", INCIDENT.url("/console/incidents/" + id));
        assertThat(text(leader, "next-h")).isEqualTo("What the playbook asks next");
        assertThat(leader.findElements(By.cssSelector("form[method=post]"))).isEmpty();
        assertThat(leader.getPageSource()).contains("waiting for: incident commander");
    }

    // --- helpers

    private static WebDriver browser(String user, String url) throws Exception {
        WebDriver browser = Chromium.start();
        BROWSERS.add(browser);
        Chromium.signIn(browser, url, user);
        new WebDriverWait(browser, WAIT).until(d -> d.getCurrentUrl().startsWith(url));
        return browser;
    }

    /** Opens the form, types into its fields, picks its options, submits, and waits for the page it leads to. */
    private static void submit(WebDriver browser, String form, Map<String, String> fields,
                               Map<String, String> options) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).open = true;",
                "form-" + form);
        options.forEach((id, value) -> new Select(browser.findElement(By.id(id))).selectByValue(value));
        fields.forEach((id, value) -> {
            WebElement field = browser.findElement(By.id(id));
            if ("date".equals(field.getAttribute("type"))) {
                // a date input takes typed keys in the browser's locale order: set its value as a picker would
                ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", field, value);
                return;
            }
            field.clear();
            field.sendKeys(value);
        });
        WebElement button = browser.findElement(By.cssSelector("[id='form-" + form + "'] button[type=submit]"));
        button.click();
        new WebDriverWait(browser, WAIT).until(d -> {
            try {
                button.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                // stale; or, in chromedriver's other words for a replaced page, "does not belong to the document"
                return true;
            }
        });
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.id("live")).isEmpty());
        List<WebElement> refusals = browser.findElements(By.cssSelector(".refusal"));
        assertThat(refusals).as("the console refused %s: %s", form,
                refusals.isEmpty() ? "" : refusals.get(0).getText()).isEmpty();
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static long version(WebDriver browser) {
        return Long.parseLong(browser.findElement(By.id("live")).getAttribute("data-version"));
    }

    /** An incident declared through the API on the story's system. */
    private static String declared(String title) {
        return Platform.CLIENT.expect(201, "commander", "POST", INCIDENT.url("/api/v1/incidents"), Map.of(
                "title", title, "category", "BIAS_FAIRNESS", "systemId", story.systemId())).get("id").asText();
    }

    /**
     * incident-service learns who is a senior leader from notification-service's directory, asynchronously: a
     * probe incident (on a system of its own) is given the commander until the assignment says senior.
     */
    private static void untilTheDirectoryKnowsTheCommanderIsSenior() {
        PlatformClient.await("the commander known as a senior leader", WAIT, () -> {
            String probe = Platform.CLIENT.expect(201, "commander", "POST", INCIDENT.url("/api/v1/incidents"),
                    Map.of("title", "Directory probe", "category", "SAFETY", "systemId", "directory-probe-"
                            + story.systemId())).get("id").asText();
            JsonNode view = Platform.CLIENT.expect(200, "commander", "PUT", INCIDENT.url("/api/v1/incidents/" + probe
                    + "/roles/SCRIBE"), Map.of("id", "commander", "name", "Casey Commander"));
            return view.path("roles").path("SCRIBE").path("seniorLeader").asBoolean() ? Optional.of(true)
                    : Optional.empty();
        });
    }
}
