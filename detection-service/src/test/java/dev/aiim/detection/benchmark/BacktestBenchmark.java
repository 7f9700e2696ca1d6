package dev.aiim.detection.benchmark;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.TelemetryFixtures;
import dev.aiim.detection.domain.monitor.CreditScoringScenario;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.service.AiSystemRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.aiim.detection.IntakeFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load driver, not a test (tagged {@code benchmark}): a day of the credit model at ten decisions a second
 * (864,000 records) sent through {@code POST /predictions}, then backtested through the API with the default
 * settings (1,440 evaluations of every monitor over 5-minute windows), timed from the 202 to DONE. Figures in
 * target/benchmarks/backtest.md; the goal is under two minutes.
 */
@QuarkusTest
@Tag("benchmark")
class BacktestBenchmark {

    @Inject
    AiSystemRegistry registry;
    @Inject
    Pool pool;

    @Test
    @TestSecurity(user = "bench", roles = "admin")
    void a_day_at_ten_records_a_second_backtested_with_the_default_settings() throws Exception {
        Instant day = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
        Instant fault = day.plus(Duration.ofHours(20));
        String systemId = "bench-backtest-" + UUID.randomUUID().toString().substring(0, 8);
        await(() -> registry.register(new AiSystem(systemId, "Backtest benchmark", null, "bench", null, RiskTier.HIGH,
                "credit-v7", List.of(), List.of(), List.of(), null, 1), "bench"));
        CreditScoringScenario scenario = new CreditScoringScenario(9, day.minus(Duration.ofHours(1)), fault);
        long sendStarted = System.nanoTime();
        for (Instant t = day.minus(Duration.ofHours(1)); t.isBefore(day.plus(Duration.ofDays(1))); t = t.plus(
                Duration.ofMinutes(15))) {
            send(systemId, scenario.between(t, Duration.ofMinutes(15), 10));
        }
        double sendSeconds = (System.nanoTime() - sendStarted) / 1e9;
        given().contentType(ContentType.JSON).body("{\"from\": \"%s\", \"to\": \"%s\"}".formatted(
                day.minus(Duration.ofHours(1)), day)).put("/api/v1/systems/" + systemId + "/reference")
                .then().statusCode(200);
        // Warm-up: two hours, so the JIT has compiled the path before the timed day.
        run(systemId, day, day.plus(Duration.ofHours(2)), null);
        long started = System.nanoTime();
        JsonPath done = run(systemId, day, day.plus(Duration.ofDays(1)), fault);
        double seconds = (System.nanoTime() - started) / 1e9;
        String report = String.format(Locale.ROOT, """
                # Backtest benchmark (%s, %d cores)

                A day of telemetry at 10 records/s (%d records, sent in %.1f s), backtested with the default settings:
                %d evaluations of every monitor over 5-minute windows, the fault at 20:00.

                | figure | value |
                | --- | --- |
                | backtest, 202 to DONE | %.1f s |
                | records replayed per second | %.0f |
                | detection delay after the fault | %s s |
                | detections before the fault | %d |
                """, Instant.now(), Runtime.getRuntime().availableProcessors(), done.getLong("records"), sendSeconds,
                done.getInt("windows"), seconds, done.getLong("records") / seconds,
                done.getString("detectionDelaySeconds"), done.getInt("detectionsBeforeFault"));
        Path out = Path.of("target", "benchmarks", "backtest.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        // Leave the test database as it was: the next runs' inserts slow down on a larger index.
        for (String table : List.of("prediction", "prediction_batch", "prediction_minute", "prediction_label")) {
            await(() -> pool.preparedQuery("delete from " + table + " where system_id = $1").execute(Tuple.of(systemId)));
        }
        assertThat(done.getInt("windows")).isEqualTo(1440);
    }

    private static JsonPath run(String systemId, Instant from, Instant to, Instant fault) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        if (fault != null) {
            body.put("faultStartedAt", fault.toString());
        }
        String location = given().contentType(ContentType.JSON).body(EventJson.write(body))
                .post("/api/v1/systems/" + systemId + "/monitors/backtest").then().statusCode(202).extract()
                .header("Location");
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> !"RUNNING".equals(given().get(location).then().extract().path("status")));
        JsonPath done = given().get(location).then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("status")).isEqualTo("DONE");
        return done;
    }

    private static void send(String systemId, List<PredictionRecord> records) {
        for (int i = 0; i < records.size(); i += 10_000) {
            given().contentType(ContentType.JSON).body(TelemetryFixtures.predictions(records.subList(i,
                            Math.min(records.size(), i + 10_000)), "", true))
                    .post("/api/v1/systems/" + systemId + "/predictions").then().statusCode(202);
        }
    }
}
