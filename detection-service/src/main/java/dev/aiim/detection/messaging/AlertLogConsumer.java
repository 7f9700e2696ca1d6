package dev.aiim.detection.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.service.AlertDeduplicator;
import dev.aiim.detection.service.IntakeDirectory;
import dev.aiim.platform.messaging.ReceivedMessage;
import dev.aiim.platform.operations.OperationsMetrics;
import dev.aiim.platform.resilience.TransientFailure;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads {@code aiim.alerts.v1} in batches (a poll's records at once) and applies each batch in one transaction
 * ({@link AlertDeduplicator}); the batch is acknowledged only after that commits, so a crash between the two
 * delivers the batch again, and the alerts already applied are skipped. A passing failure of the database holds the
 * batch and retries it with backoff for as long as it lasts. A record that is not a readable alert, and an alert the
 * batch cannot apply for a reason that will not pass (found by applying the batch's alerts one by one), is parked on
 * {@code aiim.dead-letters.detection-service.v1} with the reason, and the rest go on.
 */
@ApplicationScoped
public class AlertLogConsumer {

    public static final String CHANNEL = "alerts-in";
    public static final String DEAD_LETTERS = "alerts-dead-letters";
    private static final Set<dev.aiim.contracts.MessageType> EXPECTED = MessageTypes.onTopic(Topics.ALERTS);
    private static final Logger LOG = Logger.getLogger(AlertLogConsumer.class);

    private final AlertDeduplicator deduplicator;
    private final IntakeDirectory directory;
    private final DetectionRelay relay;
    private final Pool pool;
    private final MutinyEmitter<String> deadLetters;
    private final OperationsMetrics metrics;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final AtomicLong applied = new AtomicLong();

    public AlertLogConsumer(AlertDeduplicator deduplicator, IntakeDirectory directory, DetectionRelay relay, Pool pool,
                            @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetters, OperationsMetrics metrics,
                            @ConfigProperty(name = "aiim.messaging.retry.first-backoff", defaultValue = "200ms")
                            Duration firstBackoff,
                            @ConfigProperty(name = "aiim.messaging.retry.max-backoff", defaultValue = "10s")
                            Duration maxBackoff) {
        this.deduplicator = deduplicator;
        this.directory = directory;
        this.relay = relay;
        this.pool = pool;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    private record Read(KafkaRecord<String, String> record, AlertReceived alert) {
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Read> alerts = new ArrayList<>();
        List<Uni<Void>> parked = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                alerts.add(new Read(record, ReceivedMessage.read(record, EXPECTED).data(AlertReceived.class)));
            } catch (RuntimeException unreadable) {
                parked.add(park(record, unreadable));
            }
        }
        List<AlertReceived> all = alerts.stream().map(Read::alert).toList();
        Uni<Void> directoryCurrent = deduplicator.knowsIntegrations(all) ? Uni.createFrom().voidItem()
                : directory.reload().onFailure().recoverWithNull().replaceWithVoid();
        return (parked.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(parked).andFailFast().replaceWithVoid())
                .chain(() -> directoryCurrent)
                .chain(() -> apply(all))
                .onFailure(failure -> !TransientFailure.isCause(failure)).recoverWithUni(failure -> {
                    LOG.warnf("A batch of %d alerts cannot be applied (%s); applying them one by one", all.size(),
                            failure.getMessage());
                    return oneByOne(alerts, 0);
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** Alerts applied since the service started (tests and the benchmark watch it). */
    public long applied() {
        return applied.get();
    }

    private Uni<Void> apply(List<AlertReceived> alerts) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> deduplicator.apply(connection,
                        alerts)))
                .onFailure(TransientFailure::isCause).invoke(failure -> {
                    metrics.retried(AlertDeduplicator.CONSUMER);
                    LOG.warnf("Holding %d alerts and retrying: a dependency is unavailable (%s)", alerts.size(),
                            failure.getMessage());
                })
                .onFailure(TransientFailure::isCause).retry().withBackOff(firstBackoff, maxBackoff).withJitter(0.2)
                .indefinitely()
                .invoke(outcome -> done(alerts.size(), outcome))
                .replaceWithVoid();
    }

    private void done(int alerts, AlertDeduplication.Outcome outcome) {
        applied.addAndGet(alerts);
        if (!outcome.raised().isEmpty() || !outcome.resolved().isEmpty()) {
            relay.wake(); // committed: the outbox has them
        }
    }

    private Uni<Void> oneByOne(List<Read> alerts, int index) {
        if (index == alerts.size()) {
            return Uni.createFrom().voidItem();
        }
        Read read = alerts.get(index);
        return apply(List.of(read.alert()))
                .onFailure(failure -> !TransientFailure.isCause(failure))
                .recoverWithUni(failure -> park(read.record(), failure))
                .chain(() -> oneByOne(alerts, index + 1));
    }

    /** Parks a record on the dead-letter topic as the connector's dead-letter queue would, re-drivable from there. */
    private Uni<Void> park(KafkaRecord<String, String> record, Throwable reason) {
        LOG.warnf("An alert record cannot be applied, parking it on the dead-letter topic: %s", reason.getMessage());
        metrics.deadLettered(AlertDeduplicator.CONSUMER);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.getHeaders()) {
            headers.add(header);
        }
        headers.add("dead-letter-reason", utf8(String.valueOf(reason.getMessage())));
        headers.add("dead-letter-cause", utf8(reason.getClass().getName()));
        headers.add("dead-letter-topic", utf8(record.getTopic()));
        record.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> {
            headers.add("dead-letter-partition", utf8(String.valueOf(m.getPartition())));
            headers.add("dead-letter-offset", utf8(String.valueOf(m.getOffset())));
        });
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.getKey()).withHeaders(headers).build();
        return deadLetters.sendMessage(Message.of(record.getPayload(), Metadata.of(metadata)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
