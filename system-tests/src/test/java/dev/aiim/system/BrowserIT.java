package dev.aiim.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.aiim.system.Platform.Service.DETECTION;
import static dev.aiim.system.Platform.Service.REPORTING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, browser tests: a person fills in the report form in headless Chromium (Debian's chromium and
 * chromium-driver, installed by {@code deploy/local/platform test}; nothing is downloaded), and a leader signs
 * in through Keycloak to the dashboard and sees its charts. No console errors; screenshots in
 * {@code target/screenshots}.
 */
class BrowserIT {

    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Platform.start();
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_person_reports_something_wrong_through_the_form_and_gets_a_receipt() throws Exception {
        browser.get(DETECTION.url("/report"));
        assertThat(browser.getTitle()).isNotBlank();
        Chromium.screenshot(browser, "report-form");

        new Select(browser.findElement(By.id("concern"))).selectByIndex(1);
        browser.findElement(By.id("description")).sendKeys("Browser test " + UUID.randomUUID()
                + ": the assistant told me my application was refused because of my age");
        browser.findElement(By.id("affected")).sendKeys("older applicants");
        browser.findElement(By.id("contact")).sendKeys("person@example.com");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement receipt = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.id("receipt")).stream().findFirst().orElse(null));
        assertThat(browser.getCurrentUrl()).contains("/report/receipt/" + receipt.getText());
        assertThat(browser.findElement(By.id("status")).getText()).isNotBlank();
        Chromium.screenshot(browser, "report-receipt");
        assertThat(Chromium.consoleErrors(browser)).as("console errors").isEmpty();
    }

    @Test
    void a_leader_signs_in_through_keycloak_and_sees_the_dashboards_charts() throws Exception {
        browser.get(REPORTING.url("/dashboard"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("username")).size() == 1);
        Chromium.screenshot(browser, "dashboard-sign-in");
        Chromium.signIn(browser, REPORTING.url("/dashboard"), "leadership");

        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(REPORTING.url("/dashboard"))
                && d.findElements(By.cssSelector("#trend canvas, #trend svg")).size() > 0);
        for (String chart : List.of("trend", "targets", "sources")) {
            Object rendered = ((JavascriptExecutor) browser).executeScript(
                    "var c = document.getElementById(arguments[0]); return window.echarts"
                            + " && echarts.getInstanceByDom(c) != null && c.querySelector('canvas, svg') != null;", chart);
            assertThat(rendered).as("chart %s is drawn", chart).isEqualTo(true);
        }
        // the charts animate in: draw them once more without animation, so the picture shows them whole
        ((JavascriptExecutor) browser).executeScript("['trend', 'targets', 'sources'].forEach(function (id) {"
                + " echarts.getInstanceByDom(document.getElementById(id)).setOption({animation: false}); });");
        Chromium.screenshot(browser, "dashboard");
        // The durations read as people say them, never as thousands of minutes.
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContainPattern("\\d{4,} min");

        // A leader on a phone: 390 px wide, nothing wider than the screen, every chart drawn again at its box's size
        // with its axis labels inside it.
        browser.manage().window().setSize(new Dimension(390, 844));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return ['trend', 'targets', 'sources'].every(function (id) {"
                        + " var c = document.getElementById(id); return echarts.getInstanceByDom(c).getWidth()"
                        + " === c.clientWidth; });")));
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("page wider than a 390 px screen").isLessThanOrEqualTo(0);
        for (String chart : List.of("trend", "targets")) {
            Object inside = ((JavascriptExecutor) browser).executeScript(
                    "var chart = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                            + " var grid = chart.getModel().getComponent('grid').coordinateSystem.getRect();"
                            + " return grid.x > 0 && grid.x + grid.width <= chart.getWidth();", chart);
            assertThat(inside).as("chart %s keeps its axis labels inside at 390 px", chart).isEqualTo(true);
        }
        ((JavascriptExecutor) browser).executeScript("document.getElementById('trend').scrollIntoView();"
                + " ['trend', 'targets', 'sources'].forEach(function (id) {"
                + " echarts.getInstanceByDom(document.getElementById(id)).setOption({animation: false}); });");
        Chromium.screenshot(browser, "dashboard-390");
        browser.manage().window().setSize(new Dimension(1280, 1000));
        assertThat(Chromium.consoleErrors(browser)).as("console errors").isEmpty();
    }
}
