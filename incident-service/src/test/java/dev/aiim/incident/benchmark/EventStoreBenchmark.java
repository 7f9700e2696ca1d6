package dev.aiim.incident.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.Actor;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.eventstore.EventMetadata;
import dev.aiim.incident.eventstore.HashChain;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.incident.eventstore.IncidentEventStore;
import dev.aiim.incident.projection.RebuildReport;
import dev.aiim.incident.service.ProjectionRebuild;
import dev.aiim.platform.testing.DatabaseOwner;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load driver, not a test (tagged {@code benchmark}, excluded from the suite; run with
 * {@code deploy/local/platform benchmark}). It measures, in one run against the real PostgreSQL:
 * appends per second through {@link IncidentEventStore#append} (compare-and-set plus insert, hash chain)
 * with 1, 8 and 32 writers on distinct streams, against single-row INSERTs into a table of the same shape
 * by the same writers; and the projection rebuild of a million stored events. It prints ratios and
 * writes them to {@code target/benchmarks/event-store.md}.
 */
@QuarkusTest
@Tag("benchmark")
class EventStoreBenchmark {

    private static final long WARMUP_MILLIS = Long.getLong("bench.warmupMillis", 3_000);
    private static final long MEASURE_MILLIS = Long.getLong("bench.measureMillis", 5_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int[] APPEND_WRITERS = java.util.Arrays.stream(System.getProperty("bench.writers", "1,8,32")
            .split(",")).filter(w -> !w.isBlank()).mapToInt(Integer::parseInt).toArray();
    private static final int REBUILD_STREAMS = Integer.getInteger("bench.rebuildStreams", 20_000);
    private static final int REBUILD_EVENTS_PER_STREAM = Integer.getInteger("bench.rebuildEventsPerStream", 50);
    private static final Actor ACTOR = new Actor("bench", "Benchmark", List.of("responder"));

    @Inject
    IncidentEventStore store;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;
    @Inject
    ProjectionRebuild rebuild;

    private final StringBuilder report = new StringBuilder();

    @Test
    void appends_against_raw_inserts_and_rebuild_of_a_million_events() throws Throwable {
        line("# Event store benchmark (" + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, PostgreSQL " + sql(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "show server_version", String.class).getSingleResult())) + ")");
        line("");
        // the baseline table, made by the owner (the service's role creates nothing) and written by the service's role
        DatabaseOwner.execute("create table if not exists bench_raw_event (like incident_event including all)");
        DatabaseOwner.execute("grant select, insert on bench_raw_event to " + ConfigProvider.getConfig()
                .getValue("quarkus.datasource.username", String.class));
        // Both paths warm up (JIT, pool, table) before anything is measured.
        runWriters(8, this::rawInsertLoop, WARMUP_MILLIS, new AtomicLong());
        runWriters(8, this::appendLoop, WARMUP_MILLIS, new AtomicLong());
        line("Median of " + ROUNDS + " rounds of " + MEASURE_MILLIS / 1000.0 + " s each; raw and append alternate"
                + " within a round, so disk and background noise hit both alike.");
        line("");
        line("| writers | append/s (CAS + insert) | raw INSERT/s | ratio |");
        line("| --- | --- | --- | --- |");
        for (int writers : APPEND_WRITERS) {
            double[] raw = new double[ROUNDS];
            double[] append = new double[ROUNDS];
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    raw[round] = measure(writers, this::rawInsertLoop);
                    append[round] = measure(writers, this::appendLoop);
                }
            } catch (RuntimeException | InterruptedException e) {
                cleanUp();
                throw e;
            }
            line(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2f |", writers, median(append), median(raw),
                    median(append) / median(raw)));
        }
        line("");
        try {
            rebuildMillion();
        } finally {
            cleanUp();
        }
        Path out = Path.of("target", "benchmarks", "event-store.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(report).contains("ratio");
    }

    // --- Appends

    private interface Loop {
        Uni<Void> run(String streamId, long deadline, AtomicLong done);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Runs {@code writers} threads, each with its own stream and Vert.x context; answers operations per second. */
    private double measure(int writers, Loop loop) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        runWriters(writers, loop, MEASURE_MILLIS, done);
        double seconds = (System.nanoTime() - started) / 1e9;
        return done.get() / seconds;
    }

    private void runWriters(int writers, Loop loop, long millis, AtomicLong done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String streamId = "bench-w-" + UUID.randomUUID();
            Thread thread = new Thread(() -> await(() -> loop.run(streamId, deadline, done)));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private Uni<Void> appendLoop(String streamId, long deadline, AtomicLong done) {
        return appendFrom(streamId, 0, null, deadline, done);
    }

    private Uni<Void> appendFrom(String streamId, long version, String head, long deadline, AtomicLong done) {
        if (System.currentTimeMillis() >= deadline) {
            return Uni.createFrom().voidItem();
        }
        List<IncidentEvent> events = List.of(version == 0 ? opened() : finding(version));
        return pool.withTransaction(c -> store.append(c, streamId, version, head, events,
                        EventMetadata.of(ACTOR, "bench", null)))
                .chain(stored -> {
                    done.incrementAndGet();
                    return appendFrom(streamId, version + 1, stored.get(0).hash(), deadline, done);
                });
    }

    private Uni<Void> rawInsertLoop(String streamId, long deadline, AtomicLong done) {
        return rawFrom(streamId, 1, deadline, done);
    }

    /** The same row an append writes (payload, metadata, hash computed the same way), as one plain INSERT. */
    private Uni<Void> rawFrom(String streamId, long version, long deadline, AtomicLong done) {
        if (System.currentTimeMillis() >= deadline) {
            return Uni.createFrom().voidItem();
        }
        JsonNode payload = IncidentEventCodec.payload(version == 1 ? opened() : finding(version));
        JsonNode metadata = IncidentEventCodec.tree(EventMetadata.of(ACTOR, "bench", null));
        Instant at = Instant.now();
        String eventId = UUID.randomUUID().toString();
        String hash = HashChain.hash(null, HashChain.document(streamId, version, eventId, "incident.finding-recorded", 1,
                at.toString(), payload, metadata));
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "insert into bench_raw_event (stream_id, version, event_id, event_type, schema_version,"
                                        + " payload, metadata, recorded_at, prev_hash, hash) values (:stream, :version,"
                                        + " cast(:eventId as uuid), 'incident.finding-recorded', 1,"
                                        + " cast(cast(:payload as text) as jsonb), cast(cast(:metadata as text) as jsonb),"
                                        + " :at, null, :hash)")
                        .setParameter("stream", streamId)
                        .setParameter("version", version)
                        .setParameter("eventId", eventId)
                        .setParameter("payload", IncidentEventCodec.json(payload))
                        .setParameter("metadata", IncidentEventCodec.json(metadata))
                        .setParameter("at", at.atOffset(ZoneOffset.UTC))
                        .setParameter("hash", hash)
                        .executeUpdate()))
                .chain(() -> {
                    done.incrementAndGet();
                    return rawFrom(streamId, version + 1, deadline, done);
                });
    }

    private static IncidentEvent opened() {
        return new IncidentEvent.IncidentOpened("Approval rate collapsed for one group", "seeded by the benchmark",
                dev.aiim.contracts.IncidentCategory.BIAS_FAIRNESS, "credit-scoring",
                dev.aiim.contracts.DetectionSource.MONITOR, dev.aiim.contracts.Severity.SEV2, null, Instant.now(),
                "credit-scoring:BIAS_FAIRNESS", null, false, ACTOR, null, null);
    }

    private static IncidentEvent finding(long n) {
        return new IncidentEvent.FindingRecorded(UUID.randomUUID().toString(),
                "Approval rate for applicants aged 60+ fell from 61% to 12% after 09:00 (" + n + ")",
                "applicants aged 60+ in all regions", "fairness monitor window 09:00-11:00, 4,812 decisions",
                Instant.now(), ACTOR);
    }

    // --- Rebuild

    private void rebuildMillion() throws Throwable {
        long events = (long) REBUILD_STREAMS * REBUILD_EVENTS_PER_STREAM;
        long seedStarted = System.nanoTime();
        String opened = IncidentEventCodec.json(IncidentEventCodec.payload(opened()));
        String finding = IncidentEventCodec.json(IncidentEventCodec.payload(finding(0)));
        String metadata = IncidentEventCodec.json(IncidentEventCodec.tree(EventMetadata.of(ACTOR, "bench", null)));
        execute("insert into incident_stream (stream_id, stream_type, version, head_hash, created_at, updated_at)"
                + " select 'bench-r-' || s, 'incident', " + REBUILD_EVENTS_PER_STREAM + ", 'x', now(), now()"
                + " from generate_series(1, " + REBUILD_STREAMS + ") s");
        execute("insert into incident_event (stream_id, version, event_id, event_type, schema_version, payload,"
                + " metadata, recorded_at, prev_hash, hash) select 'bench-r-' || s, v, gen_random_uuid(),"
                + " case when v = 1 then 'incident.opened' else 'incident.finding-recorded' end, 1,"
                + " case when v = 1 then '" + opened.replace("'", "''") + "'::jsonb else '"
                + finding.replace("'", "''") + "'::jsonb end, '" + metadata.replace("'", "''") + "'::jsonb, now(),"
                + " null, 'not-hashed' from generate_series(1, " + REBUILD_STREAMS + ") s, generate_series(1, "
                + REBUILD_EVENTS_PER_STREAM + ") v");
        long seeded = (System.nanoTime() - seedStarted) / 1_000_000;
        RebuildReport result = await(() -> rebuild.rebuild());
        line(String.format(Locale.ROOT, "Projection rebuild: %d events (%d incidents) in %.1f s = %.0f events/s;"
                        + " reading and folding the events took %.1f s, writing the views the rest"
                        + " (seeding %d events took %.1f s)", result.events(), result.incidents(),
                result.durationMillis() / 1000.0, result.events() * 1000.0 / Math.max(1, result.durationMillis()),
                result.replayMillis() / 1000.0, events, seeded / 1000.0));
    }

    private void cleanUp() {
        // events and snapshots only the owner may delete, with the append-only trigger off
        DatabaseOwner.execute("alter table incident_event disable trigger incident_event_append_only;"
                + " delete from incident_event where stream_id like 'bench-%';"
                + " alter table incident_event enable trigger incident_event_append_only;"
                + " delete from incident_snapshot where stream_id like 'bench-%'");
        execute("delete from incident_stream where stream_id like 'bench-%'");
        execute("delete from incident_view where incident_id like 'bench-%'");
        DatabaseOwner.execute("drop table if exists bench_raw_event");
    }

    // --- Helpers

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static void execute(String statement) {
        await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(statement).executeUpdate())));
    }

    private static <T> T sql(Supplier<Uni<T>> work) {
        return await(() -> Panache.withSession(work::get));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
