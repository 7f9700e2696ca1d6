package dev.aiim.platform.operations;

import dev.aiim.platform.messaging.PollingWorker;
import dev.aiim.platform.persistence.SqlRows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The operations metrics every service shares, on {@code /q/metrics} for any scraper (no {@code aiim_} prefix:
 * they say how the platform runs, not how incidents go):
 * <ul>
 *   <li>{@code outbox_pending_messages{outbox}} and {@code relay_lag_seconds{relay}}: what an outbox or relay has
 *   not yet put on Kafka, and how long its oldest item has waited (0 when nothing waits);</li>
 *   <li>{@code dead_letter_messages_total{consumer}}: messages a consumer could never apply and parked;</li>
 *   <li>{@code consumer_retries_total{consumer}}: messages held and retried through a dependency's outage;</li>
 *   <li>{@code consumer_lag_records{channel}}: how far each incoming channel's Kafka consumer is behind, the
 *   largest lag of any partition it reads (the client's {@code records-lag-max}).</li>
 * </ul>
 * Backlogs are read from the database by a background worker every {@code aiim.operations.refresh} (10 s), so
 * a scrape never queries the database.
 */
@ApplicationScoped
public class OperationsMetrics {

    /** An outbox's or relay's waiting items: how many, and since when the oldest waits (null when none). */
    public record Backlog(long pending, Instant oldestSince) {

        public static final Backlog EMPTY = new Backlog(0, null);

        /** From a query's single row of {@code pending} (a count) and {@code oldest} (a timestamp or null). */
        public static Backlog of(RowSet<Row> rows) {
            return SqlRows.first(rows, row -> new Backlog(row.getLong("pending"), SqlRows.instant(row, "oldest")))
                    .orElse(EMPTY);
        }
    }

    private record Probe(String name, Supplier<Uni<Backlog>> read, AtomicReference<Backlog> latest) {
    }

    private static final String KAFKA_RECORDS_LAG = "kafka.consumer.fetch.manager.records.lag.max";
    /** SmallRye names a channel's consumer client {@code kafka-consumer-<channel>}. */
    private static final String CLIENT_PREFIX = "kafka-consumer-";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration refresh;
    private final List<Probe> probes = new CopyOnWriteArrayList<>();
    private final Map<String, Double> lagByChannel = new ConcurrentHashMap<>();
    private PollingWorker worker;

    public OperationsMetrics(MeterRegistry registry, Clock clock,
                             @ConfigProperty(name = "aiim.operations.refresh", defaultValue = "10s") Duration refresh) {
        this.registry = registry;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** Counts a message {@code consumer} parked on its dead-letter topic. */
    public void deadLettered(String consumer) {
        registry.counter("dead.letter.messages", "consumer", consumer).increment();
    }

    /** Counts a message {@code consumer} held and retried after a dependency's passing failure. */
    public void retried(String consumer) {
        registry.counter("consumer.retries", "consumer", consumer).increment();
    }

    /**
     * Publishes an outbox's backlog ({@code outbox_pending_messages}, {@code relay_lag_seconds}) under
     * {@code name}, read by {@code read} in the background.
     */
    public void backlog(String name, Supplier<Uni<Backlog>> read) {
        Probe probe = new Probe(name, read, new AtomicReference<>(Backlog.EMPTY));
        probes.add(probe);
        Gauge.builder("outbox.pending.messages", probe.latest(), latest -> latest.get().pending())
                .description("Messages an outbox has not yet put on Kafka").tag("outbox", name).register(registry);
        Gauge.builder("relay.lag.seconds", probe.latest(), latest -> lagSeconds(latest.get()))
                .description("How long the oldest message not yet on Kafka has waited").tag("relay", name)
                .register(registry);
    }

    private double lagSeconds(Backlog backlog) {
        return backlog.oldestSince() == null ? 0
                : Math.max(0, Duration.between(backlog.oldestSince(), clock.instant()).toMillis() / 1000.0);
    }

    /** Reads every backlog and the consumers' lag now (the worker does it every refresh period). */
    public Uni<Integer> refresh() {
        refreshConsumerLag();
        return Uni.join().all(probes.stream().map(p -> p.read().get().invoke(p.latest()::set)
                        .onFailure().recoverWithItem(p.latest().get())).toList())
                .andCollectFailures().replaceWith(probes.size());
    }

    /** Copies each channel's consumer lag into {@code consumer_lag_records{channel}}. */
    void refreshConsumerLag() {
        for (Meter meter : registry.find(KAFKA_RECORDS_LAG).meters()) {
            String client = meter.getId().getTag("client.id");
            if (client == null || !client.startsWith(CLIENT_PREFIX)) {
                continue;
            }
            String channel = client.substring(CLIENT_PREFIX.length());
            double lag = 0;
            for (var measurement : meter.measure()) {
                if (!Double.isNaN(measurement.getValue())) {
                    lag = Math.max(lag, measurement.getValue());
                }
            }
            if (lagByChannel.put(channel, lag) == null) {
                Gauge.builder("consumer.lag.records", lagByChannel, all -> all.getOrDefault(channel, 0.0))
                        .description("How many records the channel's consumer is behind on its busiest partition")
                        .tag("channel", channel).register(registry);
            }
        }
    }

    void start(@Observes StartupEvent event) {
        worker = new PollingWorker("operations-metrics", this::refresh, Integer.MAX_VALUE, refresh, refresh);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }
}
