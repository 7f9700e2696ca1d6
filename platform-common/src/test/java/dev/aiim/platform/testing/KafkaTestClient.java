package dev.aiim.platform.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Plain Kafka clients against the real local broker, for tests that must see what really reached a
 * topic. Reads are bounded in time and return what they found, so a test asserts on the result.
 */
public final class KafkaTestClient {

    /** The tests' own broker (never the platform's on 9092), as the services' test profile names it. */
    public static final String BOOTSTRAP = testBroker();

    private KafkaTestClient() {
    }

    /** AIIM_TEST_KAFKA_BOOTSTRAP, or the broker deploy/local/platform starts for tests. */
    public static String testBroker() {
        String configured = System.getenv("AIIM_TEST_KAFKA_BOOTSTRAP");
        return configured == null || configured.isBlank() ? "127.0.0.1:19092" : configured;
    }

    /** Produces one record with CloudEvents binary-mode headers (or none when {@code ceType} is null). */
    public static void produce(String topic, String key, String ceId, String ceType, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(record(topic, key, ceId, ceType, value)).get();
        }
    }

    /** A producer to the tests' broker, for many records at once (closing it sends what is left). */
    public static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return new KafkaProducer<>(props);
    }

    /** A record with CloudEvents binary-mode headers (or none when {@code ceType} is null). */
    public static ProducerRecord<String, String> record(String topic, String key, String ceId, String ceType,
                                                        String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (ceType != null) {
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", ceId);
            header(record, "ce_type", ceType);
            header(record, "ce_source", "/tests");
            header(record, "ce_time", Instant.now().toString());
            header(record, "content-type", "application/json");
        }
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads the topic from the beginning until a record matches or the timeout passes. */
    public static List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                                 Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> matches = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (matches.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    if (match.test(r)) {
                        matches.add(r);
                    }
                });
            }
        }
        return matches;
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Map<String, String> ceHeaders(ConsumerRecord<String, String> record) {
        return Map.of("id", String.valueOf(header(record, "ce_id")), "type", String.valueOf(header(record, "ce_type")),
                "source", String.valueOf(header(record, "ce_source")), "subject", String.valueOf(header(record, "ce_subject")),
                "specversion", String.valueOf(header(record, "ce_specversion")));
    }
}
