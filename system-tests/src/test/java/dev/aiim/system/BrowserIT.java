package dev.aiim.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

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

    private static final String CHROMIUM = System.getProperty("aiim.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("aiim.chromedriver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("aiim.root", ".."),
            "system-tests/target/screenshots");
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are needed (Debian packages chromium"
                    + " and chromium-driver; deploy/local/platform test installs them)");
        }
        Platform.start();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--user-data-dir=" + Files.createTempDirectory("aiim-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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
        screenshot("report-form");

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
        screenshot("report-receipt");
        assertNoConsoleErrors();
    }

    @Test
    void a_leader_signs_in_through_keycloak_and_sees_the_dashboards_charts() throws Exception {
        browser.get(REPORTING.url("/dashboard"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("username")).size() == 1);
        assertThat(browser.getCurrentUrl()).as("the sign-in is Keycloak's").startsWith(Platform.KEYCLOAK + "/realms/ai-incident/");
        screenshot("dashboard-sign-in");
        browser.findElement(By.id("username")).sendKeys("leadership");
        browser.findElement(By.id("password")).sendKeys("leadership");
        browser.findElement(By.id("kc-login")).click();

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
        screenshot("dashboard");
        assertNoConsoleErrors();
    }

    private static void assertNoConsoleErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
