package dev.aiim.reporting.service;

import dev.aiim.contracts.MalformedMessageException;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.messaging.IdempotentConsumer;
import dev.aiim.platform.messaging.ReceivedMessage;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.reporting.messaging.NotificationConsumer;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
import java.util.function.Function;

/**
 * Rebuilds the read models without destroying anything it could not get back. The topics may have lost old
 * messages (on a cluster, {@code aiim.notifications.v1} keeps the broker's retention), so nothing is emptied:
 * the AI-system replica is brought up to date from the compacted {@code aiim.ai-systems.v1}; every event still on
 * {@code aiim.incident-events.v1} that the event log lacks is added to it (the log keeps what the topic no longer
 * has); notification counts take whatever message they have not counted yet (idempotently, as the live consumer
 * does); and then every incident's record is folded again from the log, so a changed fold applies to every
 * incident ever received. The topics are read from their beginning up to where they stood when the rebuild
 * started; the live consumers keep running beside it. Runs on its own thread; one rebuild at a time.
 */
@ApplicationScoped
public class ReadModelRebuild {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    /** How the last rebuild went; {@code finishedAt} is null while it runs. */
    /**
     * How the last rebuild went; {@code finishedAt} is null while it runs. {@code applied}: messages replayed,
     * {@code skipped}: unreadable ones (parked on the dead-letter topic when they first came), {@code refolded}:
     * incident records folded again from the log.
     */
    public record Status(Instant startedAt, Instant finishedAt, String requestedBy, long applied, long skipped,
                         long refolded, String error) {
    }

    /** A topic to read again, and what each of its messages does (in a transaction of its own). */
    private record Replay(String topic, Function<ReceivedMessage, Uni<?>> apply) {
    }

    private static final int REFOLD_PAGE = 200;

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
        Status started = new Status(clock.instant(), null, requestedBy, 0, 0, 0, null);
        status.set(started);
        Thread thread = new Thread(() -> run(started), "read-model-rebuild");
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    private void run(Status started) {
        long[] counts = new long[3];
        String error = null;
        try {
            for (Replay replay : List.of(
                    new Replay(Topics.AI_SYSTEMS, message -> pool.withTransaction(
                            connection -> readModels.applyAiSystem(connection, message))),
                    new Replay(Topics.INCIDENT_EVENTS, message -> pool.withTransaction(
                            connection -> readModels.keepIncidentEvent(connection, message))),
                    // counted once each, whether by the live consumer or here
                    new Replay(Topics.NOTIFICATIONS, message -> idempotent.applyOnceOn(NotificationConsumer.CONSUMER,
                            message.id(), connection -> readModels.applyNotification(connection, message))))) {
                replay(replay, counts);
                status.set(progress(started, counts, null));
            }
            String after = null;
            while (true) {
                String from = after;
                List<String> page = VertxContextSupport.subscribeAndAwait(
                        () -> readModels.incidentsAfter(from, REFOLD_PAGE));
                for (String incidentId : page) {
                    VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(
                            connection -> readModels.refoldIncident(connection, incidentId)));
                    counts[2]++;
                }
                status.set(progress(started, counts, null));
                if (page.size() < REFOLD_PAGE) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
        } catch (Throwable failure) {
            error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            LOG.errorf(failure, "Read-model rebuild failed");
        }
        Status finished = progress(started, counts, error);
        status.set(new Status(finished.startedAt(), clock.instant(), finished.requestedBy(), finished.applied(),
                finished.skipped(), finished.refolded(), error));
        LOG.infof("Read-model rebuild finished: %d messages replayed, %d unreadable, %d incidents folded again%s",
                counts[0], counts[1], counts[2], error == null ? "" : ", failed: " + error);
    }

    private static Status progress(Status started, long[] counts, String error) {
        return new Status(started.startedAt(), null, started.requestedBy(), counts[0], counts[1], counts[2], error);
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
                    VertxContextSupport.subscribeAndAwait(() -> replay.apply().apply(message));
                    counts[0]++;
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
