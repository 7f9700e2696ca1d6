package dev.aiim.platform.deadletter;

import dev.aiim.contracts.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The service's dead-letter topic ({@code aiim.dead-letters.<service>.v1}) for operators: list what was parked
 * and why, look at one message, and re-drive it, that is put it back on the topic it came from, with its key,
 * value and CloudEvents headers, once its cause is fixed (a consumer applies a message once per CloudEvents id,
 * so re-driving twice, or re-driving one that was applied meanwhile, changes nothing). Blocking Kafka clients:
 * callers run on worker threads.
 */
@ApplicationScoped
public class DeadLetters {

    /** Headers the dead-letter queue adds, which a re-driven message leaves behind. */
    private static final String DEAD_LETTER_HEADER_PREFIX = "dead-letter-";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_VALUE_CHARS = 65_536;
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** A parked message, by its place on the dead-letter topic. */
    public record DeadLetter(int partition, long offset, Instant parkedAt, String key, String originalTopic,
                             Integer originalPartition, Long originalOffset, String reason, String cause,
                             Map<String, String> headers, String value, boolean valueTruncated) {
    }

    /** Where a re-driven message went. */
    public record Redriven(int partition, long offset, String topic, int topicPartition, long topicOffset,
                           String redrivenBy, Instant redrivenAt) {
    }

    private final String topic;
    private final Map<String, Object> kafka;

    public DeadLetters(@ConfigProperty(name = "quarkus.application.name") String service,
                       @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.topic = Topics.deadLetters(service);
        this.kafka = kafka;
    }

    public String topic() {
        return topic;
    }

    /** The newest {@code limit} parked messages of every partition, newest first. */
    public List<DeadLetter> newest(int limit) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, WAIT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, WAIT);
            for (TopicPartition p : partitions) {
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - limit));
            }
            List<DeadLetter> found = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        found.add(deadLetter(record));
                    }
                }
            }
            return found.stream().sorted(Comparator.comparing(DeadLetter::parkedAt).reversed()
                    .thenComparing(DeadLetter::offset, Comparator.reverseOrder())).limit(limit).toList();
        }
    }

    /** The message parked at {@code partition}/{@code offset}, if there is one. */
    public Optional<DeadLetter> find(int partition, long offset) {
        return record(partition, offset).map(DeadLetters::deadLetter);
    }

    /** Puts the parked message back on the topic it came from; empty when there is no such message. */
    public Optional<Redriven> redrive(int partition, long offset, String by) {
        Optional<ConsumerRecord<String, String>> parked = record(partition, offset);
        if (parked.isEmpty()) {
            return Optional.empty();
        }
        ConsumerRecord<String, String> record = parked.get();
        String target = header(record, DEAD_LETTER_HEADER_PREFIX + "topic");
        if (target == null) {
            throw new IllegalStateException("The message at " + partition + "/" + offset + " does not say which"
                    + " topic it came from");
        }
        ProducerRecord<String, String> again = new ProducerRecord<>(target, record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                again.headers().add(header);
            }
        }
        again.headers().add("aiim-redriven-from", (topic + "/" + partition + "/" + offset)
                .getBytes(StandardCharsets.UTF_8));
        again.headers().add("aiim-redriven-by", by.getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, String> producer = producer()) {
            RecordMetadata sent = producer.send(again).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Dead letter %s/%d/%d re-driven to %s by %s", topic, partition, offset, target, by);
            return Optional.of(new Redriven(partition, offset, target, sent.partition(), sent.offset(), by,
                    Instant.now()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The broker did not take the re-driven message: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Optional<ConsumerRecord<String, String>> record(int partition, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition place = new TopicPartition(topic, partition);
            if (partitions(consumer).stream().noneMatch(place::equals)) {
                return Optional.empty();
            }
            consumer.assign(List.of(place));
            long begin = consumer.beginningOffsets(List.of(place), WAIT).get(place);
            long end = consumer.endOffsets(List.of(place), WAIT).get(place);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(place, offset);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        // an unknown topic (nothing parked yet) has no partitions; listTopics does not create it
        if (!consumer.listTopics(WAIT).containsKey(topic)) {
            return List.of();
        }
        return consumer.partitionsFor(topic, WAIT).stream().map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private static DeadLetter deadLetter(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADER_PREFIX) && header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String value = record.value() == null ? null : record.value();
        boolean truncated = value != null && value.length() > MAX_VALUE_CHARS;
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), header(record, DEAD_LETTER_HEADER_PREFIX + "topic"),
                number(header(record, DEAD_LETTER_HEADER_PREFIX + "partition"), Integer::valueOf),
                number(header(record, DEAD_LETTER_HEADER_PREFIX + "offset"), Long::valueOf),
                header(record, DEAD_LETTER_HEADER_PREFIX + "reason"),
                header(record, DEAD_LETTER_HEADER_PREFIX + "cause"),
                headers, truncated ? value.substring(0, MAX_VALUE_CHARS) : value, truncated);
    }

    private static <T> T number(String text, java.util.function.Function<String, T> parse) {
        try {
            return text == null ? null : parse.apply(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        return new KafkaProducer<>(config);
    }
}
