package dev.aiim.reporting.service;

import dev.aiim.contracts.MalformedMessageException;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.messaging.IdempotentConsumer;
import dev.aiim.platform.messaging.ReceivedMessage;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.reporting.messaging.AiSystemConsumer;
import dev.aiim.reporting.messaging.IncidentEventConsumer;
import dev.aiim.reporting.messaging.NotificationConsumer;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * Rebuilds the read models from the topics: empties them, then replays {@code aiim.ai-systems.v1},
 * {@code aiim.incident-events.v1} and {@code aiim.notifications.v1} from their beginning up to where they
 * stood when the rebuild started, through the same code and the same idempotency records as the live
 * consumers (which keep running: whichever applies a message first wins, the other skips it). Runs on its own
 * thread; one rebuild at a time.
 */
@ApplicationScoped
public class ReadModelRebuild {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    /** How the last rebuild went; {@code finishedAt} is null while it runs. */
    public record Status(Instant startedAt, Instant finishedAt, String requestedBy, long applied, long skipped,
                         String error) {
    }

    private record Replay(String topic, String consumer, BiFunction<SqlClient, ReceivedMessage, Uni<Void>> apply) {
    }

    private final ReadModels readModels;
    private final IdempotentConsumer idempotent;
    private final Map<String, Object> kafka;
    private final Clock clock;
    private final Pool pool;
    private final AtomicReference<Status> status = new AtomicReference<>();

    public ReadModelRebuild(ReadModels readModels, IdempotentConsumer idempotent,
                            @Identifier("default-kafka-broker") Map<String, Object> kafka, Clock clock, Pool pool) {
        this.readModels = readModels;
        this.idempotent = idempotent;
        this.kafka = kafka;
        this.clock = clock;
        this.pool = pool;
    }

    public Status status() {
        return status.get();
    }

    /** Starts a rebuild; 409 while one runs. */
    public synchronized Status start(String requestedBy) {
        Status current = status.get();
        if (current != null && current.finishedAt() == null) {
            throw new ConflictException("A rebuild started at " + current.startedAt() + " is still running");
        }
        Status started = new Status(clock.instant(), null, requestedBy, 0, 0, null);
        status.set(started);
        Thread thread = new Thread(() -> run(started), "read-model-rebuild");
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    private void run(Status started) {
        long[] counts = new long[2];
        String error = null;
        try {
            VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(c -> c
                    .query("truncate incident_event_log, incident_record, incident_notification_count, ai_system")
                    .execute()
                    .chain(() -> c.query("delete from processed_message where consumer like 'reporting-service/%'")
                            .execute())));
            for (Replay replay : List.of(
                    new Replay(Topics.AI_SYSTEMS, AiSystemConsumer.CONSUMER, readModels::applyAiSystem),
                    new Replay(Topics.INCIDENT_EVENTS, IncidentEventConsumer.CONSUMER, readModels::applyIncidentEvent),
                    new Replay(Topics.NOTIFICATIONS, NotificationConsumer.CONSUMER, readModels::applyNotification))) {
                replay(replay, counts);
                status.set(new Status(started.startedAt(), null, started.requestedBy(), counts[0], counts[1], null));
            }
        } catch (Throwable failure) {
            error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            LOG.errorf(failure, "Read-model rebuild failed");
        }
        status.set(new Status(started.startedAt(), clock.instant(), started.requestedBy(), counts[0], counts[1], error));
        LOG.infof("Read-model rebuild finished: %d messages applied, %d skipped%s", counts[0], counts[1],
                error == null ? "" : ", failed: " + error);
    }

    private void replay(Replay replay, long[] counts) throws Throwable {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(replay.topic(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // newer than the rebuild: the live consumer has it
                    }
                    ReceivedMessage message;
                    try {
                        message = ReceivedMessage.read(header(record, "ce_id"), header(record, "ce_type"),
                                header(record, "ce_subject"), null, record.value(), MessageTypes.onTopic(replay.topic()));
                    } catch (MalformedMessageException | IllegalArgumentException e) {
                        counts[1]++;
                        continue; // the live consumer parked it on the dead-letter topic already
                    }
                    boolean applied = VertxContextSupport.subscribeAndAwait(() -> idempotent.applyOnceOn(
                            replay.consumer(), message.id(), connection -> replay.apply().apply(connection, message)));
                    counts[applied ? 0 : 1]++;
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
