package dev.aiim.detection.benchmark;

import dev.aiim.detection.IntakeFixtures;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load driver, not a test (tagged {@code benchmark}; {@code deploy/local/platform benchmark}). Alertmanager
 * intake with the 202-after-Kafka-ack rule, 1 and 50 alerts per request, against a no-op endpoint on
 * the same HTTP stack in the same run: closed-loop throughput with 8 clients, then p50/p99 latency at
 * half the 1-alert throughput (open loop, fixed schedule). Figures in target/benchmarks/intake.md.
 */
@QuarkusTest
@Tag("benchmark")
class IntakeBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final long MEASURE_MILLIS = Long.getLong("bench.measureMillis", 10_000);
    /** Until the JIT has compiled the paths (JFR showed its compiler threads busy well past a 2 s warm-up). */
    private static final long WARMUP_MILLIS = Long.getLong("bench.warmupMillis", 15_000);

    @Inject
    Integrations integrations;

    @TestHTTPResource("/api/v1/intake/alertmanager")
    URL intake;

    @TestHTTPResource("/benchmark/noop")
    URL noop;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final StringBuilder report = new StringBuilder();

    @Test
    void alertmanager_intake_against_a_no_op_endpoint() throws Exception {
        IntakeFixtures.registered("bench");
        String token = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null).token();
        line("# Intake benchmark (" + java.time.Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + CLIENTS + " clients, " + WARMUP_MILLIS / 1000 + " s warm-up, " + MEASURE_MILLIS / 1000 + " s per figure)");
        line("");
        throughput(noop, token, 1, WARMUP_MILLIS / 3); // warm-up of both paths, both sizes
        throughput(intake, token, 1, WARMUP_MILLIS / 3);
        throughput(noop, token, 50, WARMUP_MILLIS / 6);
        throughput(intake, token, 50, WARMUP_MILLIS / 6);
        double noop1 = throughput(noop, token, 1, MEASURE_MILLIS);
        double intake1 = throughput(intake, token, 1, MEASURE_MILLIS);
        double noop50 = throughput(noop, token, 50, MEASURE_MILLIS);
        double intake50 = throughput(intake, token, 50, MEASURE_MILLIS);
        line("| alerts per request | intake requests/s | no-op requests/s | ratio | intake alerts/s |");
        line("| --- | --- | --- | --- | --- |");
        line(String.format(Locale.ROOT, "| 1 | %.0f | %.0f | %.2f | %.0f |", intake1, noop1, intake1 / noop1, intake1));
        line(String.format(Locale.ROOT, "| 50 | %.0f | %.0f | %.2f | %.0f |", intake50, noop50, intake50 / noop50,
                intake50 * 50));
        double rate = intake1 / 2;
        long[] latencies = latenciesAt(intake, token, rate, MEASURE_MILLIS);
        line("");
        line(String.format(Locale.ROOT, "Latency at %.0f requests/s (half the 1-alert throughput), %d requests:"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms", rate, latencies.length, percentile(latencies, 50),
                percentile(latencies, 99), latencies[latencies.length - 1] / 1e6));
        Path out = Path.of("target", "benchmarks", "intake.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(report).contains("ratio");
    }

    private static String body(int alerts) {
        String run = UUID.randomUUID().toString();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            items.add("""
                    {"status": "firing", "labels": {"alertname": "Drift", "ai_system": "bench", "severity": "warning",
                     "n": "%d"}, "annotations": {"summary": "drift %s"}, "startsAt": "2026-03-17T08:55:00Z",
                     "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "%s-%d"}""".formatted(i, run, run, i));
        }
        return "{\"version\": \"4\", \"groupKey\": \"{}:{}\", \"status\": \"firing\", \"receiver\": \"aiim\","
                + " \"alerts\": [" + String.join(",", items) + "]}";
    }

    private HttpRequest request(URL url, String token, int alerts) {
        return HttpRequest.newBuilder(URI.create(url.toString())).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body(alerts))).build();
    }

    /** Closed loop: each client sends its next request when the last answered 202; answers requests per second. */
    private double throughput(URL url, String token, int alerts, long millis) throws Exception {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + millis * 1_000_000;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (System.nanoTime() < deadline) {
                    HttpResponse<Void> response = http.send(request(url, token, alerts),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("status " + response.statusCode());
                    }
                    done.incrementAndGet();
                }
                return null;
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(millis + 60_000, TimeUnit.MILLISECONDS)).isTrue();
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    /** Open loop: requests leave on a fixed schedule whatever the answers; latency includes any queueing. */
    private long[] latenciesAt(URL url, String token, double perSecond, long millis) throws Exception {
        long interval = (long) (1e9 / perSecond);
        int count = (int) (millis / 1000.0 * perSecond);
        long[] latencies = new long[count];
        ExecutorService senders = Executors.newFixedThreadPool(64);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            int index = i;
            senders.submit(() -> {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                http.send(request(url, token, 1), HttpResponse.BodyHandlers.discarding());
                latencies[index] = System.nanoTime() - due;
                return null;
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(millis + 120_000, TimeUnit.MILLISECONDS)).isTrue();
        Arrays.sort(latencies);
        return latencies;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }
}
