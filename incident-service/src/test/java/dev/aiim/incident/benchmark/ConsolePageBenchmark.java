package dev.aiim.incident.benchmark;

import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.service.IncidentCommandService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load driver, not a test (tagged {@code benchmark}; run with {@code deploy/local/platform benchmark}): the
 * console's incident page of an incident with 500 events (its timeline, the chain check for the integrity block,
 * the "next" list, every form), fetched one after another over HTTP by one client, as a commander opening it
 * would: first unchanged between views, then with an event added before each view. Prints p50/p95/p99 and writes
 * them to {@code target/benchmarks/console-page.md}.
 */
@QuarkusTest
@Tag("benchmark")
@TestSecurity(user = "commander", roles = "commander")
class ConsolePageBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.consoleEvents", 500);
    private static final int WARMUP = Integer.getInteger("bench.consoleWarmup", 300);
    private static final int REQUESTS = Integer.getInteger("bench.consoleRequests", 1_000);
    private static final int CHANGED = Integer.getInteger("bench.consoleChanged", 200);

    @Inject
    IncidentCommandService commands;

    @Test
    void the_page_of_an_incident_with_500_events() throws Exception {
        String id = IncidentFixtures.seed(commands, "console-bench-" + UUID.randomUUID()).id();
        for (int i = 2; i <= EVENTS; i++) {
            IncidentFixtures.run(commands, id, new IncidentCommand.AddTimelineEntry(Instant.now(),
                    "Scribe's entry " + i + ": what was decided, by whom, and why"));
        }
        String path = "/console/incidents/" + id;
        int size = given().get(path).then().statusCode(200).extract().asString().length();
        // a plain JDK client on one kept-alive connection, asking for gzip as browsers do
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Accept", "text/html").header("Accept-Encoding", "gzip").GET().build();
        for (int i = 0; i < WARMUP; i++) {
            fetch(client, request);
        }
        long[] unchanged = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            fetch(client, request);
            unchanged[i] = System.nanoTime() - start;
        }
        // someone adds an entry before each view (not timed): the page reads and checks the one new event
        long[] changed = new long[CHANGED];
        for (int i = 0; i < CHANGED; i++) {
            IncidentFixtures.run(commands, id, new IncidentCommand.AddTimelineEntry(Instant.now(),
                    "Entry added between views " + i));
            long start = System.nanoTime();
            fetch(client, request);
            changed[i] = System.nanoTime() - start;
        }
        String report = String.format(Locale.ROOT, "# Console page benchmark (%s, %d cores)%n%n"
                        + "The incident page of an incident with %d events (%d KB of HTML), measured at the client"
                        + " (HTTP included), one request after another after %d to warm up.%n%n"
                        + "| views | requests | p50 ms | p95 ms | p99 ms | max ms |%n"
                        + "| --- | --- | --- | --- | --- | --- |%n%s%s",
                Instant.now(), Runtime.getRuntime().availableProcessors(), EVENTS, size / 1024, WARMUP,
                row("unchanged since the last view", unchanged), row("one event added before each view", changed));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "console-page.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(report).contains("p95");
    }

    private static void fetch(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 || response.body().length == 0) {
            throw new IllegalStateException("the page answered " + response.statusCode());
        }
    }

    private static String row(String views, long[] nanos) {
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", views, nanos.length,
                ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
