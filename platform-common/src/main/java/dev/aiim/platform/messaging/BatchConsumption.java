package dev.aiim.platform.messaging;

import dev.aiim.contracts.MessageType;
import dev.aiim.platform.operations.OperationsMetrics;
import dev.aiim.platform.resilience.TransientFailure;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * How a consumer takes a poll's records at once ({@code batch=true} on its channel): read them
 * ({@link ReceivedMessage}), then apply all of them in one transaction of the reactive SQL client, which also records
 * their ids ({@link IdempotentConsumer#firstTime}: a batch delivered again is applied only where it was not), then
 * acknowledge the batch. One commit for a poll instead of one per message; per-key order is the log's.
 *
 * <p>A passing failure of a dependency ({@link TransientFailure}) holds the batch and retries it with backoff for as
 * long as it lasts. A batch that fails for another reason is applied message by message, each in its own
 * transaction, so that only a message that can never be applied is parked, with the reason, on the consumer's
 * dead-letter topic (the headers the connector's own dead-letter queue writes, so it is re-drivable the same way);
 * so is a record that is not a readable message of an expected type.
 */
@ApplicationScoped
public class BatchConsumption {

    private static final Logger LOG = Logger.getLogger(BatchConsumption.class);

    private final IdempotentConsumer idempotent;
    private final MessageConsumption single;
    private final OperationsMetrics metrics;
    private final Pool pool;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    public BatchConsumption(IdempotentConsumer idempotent, MessageConsumption single, OperationsMetrics metrics,
                            Pool pool,
                            @ConfigProperty(name = "aiim.messaging.retry.first-backoff", defaultValue = "200ms")
                            Duration firstBackoff,
                            @ConfigProperty(name = "aiim.messaging.retry.max-backoff", defaultValue = "10s")
                            Duration maxBackoff) {
        this.idempotent = idempotent;
        this.single = single;
        this.metrics = metrics;
        this.pool = pool;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    private record Read(KafkaRecord<String, String> record, ReceivedMessage message) {
    }

    /**
     * Applies the batch for {@code consumer}; {@code effect} gets the messages not applied before, in the batch's
     * order, and the transaction's connection. Answers how many messages it applied.
     */
    public Uni<Integer> consume(String consumer, KafkaRecordBatch<String, String> batch, Set<MessageType> expected,
                                BiFunction<SqlConnection, List<ReceivedMessage>, Uni<Void>> effect,
                                MutinyEmitter<String> deadLetters) {
        List<Read> read = new ArrayList<>();
        List<Uni<Void>> parked = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                read.add(new Read(record, ReceivedMessage.read(record, expected)));
            } catch (RuntimeException unreadable) {
                parked.add(park(consumer, record, unreadable, deadLetters));
            }
        }
        Uni<Void> parking = parked.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(parked).andFailFast().replaceWithVoid();
        return parking
                .chain(() -> apply(consumer, read.stream().map(Read::message).toList(), effect))
                .onFailure(failure -> !TransientFailure.isCause(failure)).recoverWithUni(failure -> {
                    LOG.warnf("%s cannot apply a batch of %d (%s); applying its messages one by one", consumer,
                            read.size(), failure.getMessage());
                    return oneByOne(consumer, read, 0, 0, effect, deadLetters);
                })
                .call(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Integer> apply(String consumer, List<ReceivedMessage> messages,
                               BiFunction<SqlConnection, List<ReceivedMessage>, Uni<Void>> effect) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<String> ids = messages.stream().map(ReceivedMessage::id).toList();
        return Uni.createFrom().deferred(() -> pool.withTransaction(connection -> idempotent.firstTime(connection,
                        consumer, ids).chain(fresh -> {
                    List<ReceivedMessage> first = messages.stream().filter(m -> fresh.contains(m.id())).toList();
                    return first.isEmpty() ? Uni.createFrom().item(0)
                            : effect.apply(connection, first).replaceWith(first.size());
                })))
                .onFailure(TransientFailure::isCause)
                .invoke(failure -> single.held(consumer, "a batch of " + messages.size(), failure))
                .onFailure(TransientFailure::isCause).retry().withBackOff(firstBackoff, maxBackoff).withJitter(0.2)
                .indefinitely();
    }

    private Uni<Integer> oneByOne(String consumer, List<Read> read, int index, int applied,
                                  BiFunction<SqlConnection, List<ReceivedMessage>, Uni<Void>> effect,
                                  MutinyEmitter<String> deadLetters) {
        if (index == read.size()) {
            return Uni.createFrom().item(applied);
        }
        Read one = read.get(index);
        return apply(consumer, List.of(one.message()), effect)
                .onFailure(failure -> !TransientFailure.isCause(failure))
                .recoverWithUni(failure -> park(consumer, one.record(), failure, deadLetters).replaceWith(0))
                .chain(n -> oneByOne(consumer, read, index + 1, applied + n, effect, deadLetters));
    }

    /** Parks a record on the dead-letter topic as the connector's dead-letter queue would. */
    private Uni<Void> park(String consumer, KafkaRecord<String, String> record, Throwable reason,
                           MutinyEmitter<String> deadLetters) {
        LOG.warnf("%s cannot apply a message, parking it on its dead-letter topic: %s", consumer, reason.getMessage());
        metrics.deadLettered(consumer);
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
