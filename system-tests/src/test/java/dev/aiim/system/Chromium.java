package dev.aiim.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.system.story.PlatformClient;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * Headless Chromium for the browser tests (Debian's chromium and chromium-driver, installed by
 * {@code deploy/local/platform test}; nothing is downloaded): start one, sign in through Keycloak, take
 * screenshots into {@code system-tests/target/screenshots}, read console errors, run axe-core.
 */
final class Chromium {

    private static final String CHROMIUM = System.getProperty("aiim.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("aiim.chromedriver", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of(System.getProperty("aiim.root", ".."), "system-tests/target/screenshots");

    private Chromium() {
    }

    static WebDriver start() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are needed (Debian packages chromium"
                    + " and chromium-driver; deploy/local/platform test installs them)");
        }
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
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    /** Opens {@code url}, signs in on Keycloak's page as {@code user} (password = user name), waits to be back. */
    static void signIn(WebDriver browser, String url, String user) {
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("username")).size() == 1);
        if (!browser.getCurrentUrl().startsWith(Platform.KEYCLOAK + "/realms/ai-incident/")) {
            throw new IllegalStateException("expected Keycloak's sign-in page, got " + browser.getCurrentUrl());
        }
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("kc-login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(
                url.substring(0, url.indexOf('/', "http://".length()))));
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Screenshots at a laptop's width and a phone's (390 px), then back to the laptop's. */
    static void screenshots(WebDriver browser, String name) throws IOException {
        screenshot(browser, name + "-1280");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot(browser, name + "-390");
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    static List<LogEntry> consoleErrors(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** axe-core's serious and critical violations on the page now ("id: help (n nodes)"). */
    static List<String> seriousAccessibilityViolations(WebDriver browser) throws IOException {
        String axe;
        try (InputStream in = Chromium.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path (com.deque.html.axe-core)");
            }
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(axe);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + " axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('error: ' + e); });");
        String json = String.valueOf(result);
        if (json.startsWith("error: ")) {
            throw new IllegalStateException("axe-core failed: " + json);
        }
        List<String> serious = new ArrayList<>();
        for (JsonNode violation : PlatformClient.read(json)) {
            String impact = violation.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                serious.add(violation.path("id").asText() + " (" + impact + "): " + violation.path("help").asText()
                        + " (" + violation.path("nodes").size() + " nodes, first "
                        + violation.path("nodes").path(0).path("target") + ")");
            }
        }
        return serious;
    }
}
