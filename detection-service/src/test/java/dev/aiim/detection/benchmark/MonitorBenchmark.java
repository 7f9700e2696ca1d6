package dev.aiim.detection.benchmark;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.IntakeFixtures;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.detection.service.Integrations;
import dev.aiim.detection.service.MonitorEvaluation;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.aiim.detection.IntakeFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load driver, not a test (tagged {@code benchmark}; {@code deploy/local/platform benchmark}). One system
 * with 20 features (15 numeric, 5 categorical) and 3 group attributes: batches of 10,000 records through
 * {@code POST /predictions} (validation, id claims, storage, minute counts), then every monitor over
 * consecutive 5-minute windows that together hold every record once; against a baseline endpoint that
 * only parses and stores the same batches, in the same run. Figures in target/benchmarks/monitors.md.
 */
@QuarkusTest
@Tag("benchmark")
class MonitorBenchmark {

    private static final int BATCH = 10_000;
    private static final int BATCHES = Integer.getInteger("bench.batches", 40);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 2);
    /** Simulated traffic: 50,000 records per 5-minute window. */
    private static final int RECORDS_PER_WINDOW = 50_000;
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @Inject
    AiSystemRegistry registry;
    @Inject
    MonitorEvaluation evaluation;
    @Inject
    Integrations integrations;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final StringBuilder report = new StringBuilder();

    @Test
    @TestSecurity(user = "bench", roles = "admin")
    void telemetry_through_every_monitor_against_parse_and_store() throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        // Warm-up: the same work on systems of their own, so the JIT has compiled every path.
        run(start, Math.max(4, BATCHES / 4), false);
        Figures f = run(start, BATCHES, true);
        int records = BATCHES * BATCH;
        double baseline = records / f.baselineSeconds;
        double ingest = records / f.ingestSeconds;
        double monitors = records / f.monitorSeconds;
        double endToEnd = records / (f.ingestSeconds + f.monitorSeconds);
        line("# Telemetry and monitor benchmark (" + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + CLIENTS + " clients, " + BATCHES + " batches of " + BATCH + " records, 20 features,"
                + " 3 group attributes)");
        line("");
        line("| path | seconds | records/s |");
        line("| --- | --- | --- |");
        line(String.format(Locale.ROOT, "| baseline: parse and store | %.2f | %.0f |", f.baselineSeconds, baseline));
        line(String.format(Locale.ROOT, "| ingestion (POST /predictions) | %.2f | %.0f |", f.ingestSeconds, ingest));
        line(String.format(Locale.ROOT, "| every monitor, %d windows of %d records | %.2f | %.0f |", f.windows,
                RECORDS_PER_WINDOW, f.monitorSeconds, monitors));
        line(String.format(Locale.ROOT, "| end to end (ingestion + monitors) | %.2f | %.0f |",
                f.ingestSeconds + f.monitorSeconds, endToEnd));
        line("");
        line(String.format(Locale.ROOT, "End to end / baseline: %.2f. Share of the time spent in the monitors: %.2f.",
                endToEnd / baseline, f.monitorSeconds / (f.ingestSeconds + f.monitorSeconds)));
        Path out = Path.of("target", "benchmarks", "monitors.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(f.evaluated).isEqualTo(records);
    }

    private record Figures(double baselineSeconds, double ingestSeconds, double monitorSeconds, int windows,
                           long evaluated) {
    }

    private Figures run(Instant start, int batches, boolean measured) throws Exception {
        String systemId = system();
        String baselineSystem = system();
        TelemetryGenerator generator = new TelemetryGenerator(42, start, RECORDS_PER_WINDOW / (double) WINDOW.toSeconds());
        given().contentType(ContentType.JSON).body(generator.body(BATCH, "ref-"))
                .put("/api/v1/systems/" + systemId + "/reference").then().statusCode(200);
        Instant first = generator.now();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            bodies.add(generator.body(BATCH, "b" + i + "-").getBytes(StandardCharsets.UTF_8));
        }
        // The model's own sender: a TELEMETRY integration's token, as in production.
        String token = IntakeFixtures.integration(integrations, IntegrationType.TELEMETRY, systemId).token();
        double baseline = post(bodies, "/benchmark/telemetry-baseline/" + baselineSystem, token);
        double ingest = post(bodies, "/api/v1/systems/" + systemId + "/predictions", token);
        int windows = (int) Math.ceil((double) batches * BATCH / RECORDS_PER_WINDOW);
        long evaluated = 0;
        long started = System.nanoTime();
        for (int w = 1; w <= windows; w++) {
            Instant at = first.plus(WINDOW.multipliedBy(w)).minusMillis(1);
            evaluated += await(() -> evaluation.evaluate(systemId, MonitorEvaluation.Kind.SCHEDULED, at)).records();
        }
        double monitors = (System.nanoTime() - started) / 1e9;
        // Leave the test database as it was: half a million rows a run make the next run's inserts slower.
        for (String table : List.of("prediction", "prediction_batch", "prediction_minute", "prediction_label")) {
            await(() -> pool.preparedQuery("delete from " + table + " where system_id = any($1)")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(new String[] {systemId, baselineSystem})));
        }
        if (!measured) {
            System.out.printf(Locale.ROOT, "warm-up: baseline %.2f s, ingest %.2f s, monitors %.2f s%n", baseline, ingest,
                    monitors);
        }
        return new Figures(baseline, ingest, monitors, windows, evaluated);
    }

    private String system() {
        String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        await(() -> registry.register(new AiSystem(id, "Benchmark " + id, null, "bench", null, RiskTier.HIGH, "v1",
                List.of(), List.of(), List.of(), null, 1), "bench"));
        return id;
    }

    /** Sends every body once, {@link #CLIENTS} at a time; answers the seconds it took. */
    private double post(List<byte[]> bodies, String path, String token) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        List<Future<Void>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("status " + response.statusCode() + ": " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<Void> f : done) {
            f.get();
        }
        clients.shutdown();
        return (System.nanoTime() - started) / 1e9;
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    /** Seeded credit-model-like telemetry: 15 numeric and 5 categorical features, 3 group attributes. */
    static final class TelemetryGenerator {
        private static final String[] AGE = {"18-25", "26-59", "60+"};
        private static final String[] REGION = {"north", "south", "east", "west"};
        private final Random random;
        private final double perSecond;
        private Instant clock;
        private long sequence;

        TelemetryGenerator(long seed, Instant start, double perSecond) {
            this.random = new Random(seed);
            this.clock = start;
            this.perSecond = perSecond;
        }

        Instant now() {
            return clock;
        }

        String body(int records, String prefix) {
            List<Map<String, Object>> out = new ArrayList<>(records);
            long stepNanos = (long) (1e9 / perSecond);
            for (int i = 0; i < records; i++) {
                Map<String, Object> features = new LinkedHashMap<>();
                double merit = random.nextGaussian();
                for (int f = 0; f < 15; f++) {
                    features.put("x" + f, Math.round((merit * (f % 3) + random.nextGaussian()) * 1000) / 1000.0);
                }
                for (int f = 0; f < 5; f++) {
                    features.put("c" + f, "level-" + random.nextInt(5));
                }
                double score = 1 / (1 + Math.exp(-(merit + 0.5 * random.nextGaussian())));
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("id", prefix + sequence++);
                record.put("timestamp", clock.toString());
                record.put("modelVersion", "v1");
                record.put("prediction", score >= 0.5 ? "1" : "0");
                record.put("score", Math.round(score * 10000) / 10000.0);
                record.put("decision", score >= 0.5 ? "approved" : "denied");
                record.put("features", features);
                record.put("groups", Map.of("age_band", AGE[random.nextInt(3)], "sex", random.nextBoolean() ? "F" : "M",
                        "region", REGION[random.nextInt(4)]));
                record.put("latencyMs", Math.round(40 + 10 * Math.abs(random.nextGaussian())));
                record.put("error", random.nextInt(5000) == 0);
                record.put("label", merit + 0.8 * random.nextGaussian() > 0 ? "1" : "0");
                out.add(record);
                clock = clock.plusNanos(stepNanos);
            }
            return EventJson.write(Map.of("records", out));
        }
    }
}
