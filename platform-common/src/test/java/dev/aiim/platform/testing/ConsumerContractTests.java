package dev.aiim.platform.testing;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.messaging.IdempotentConsumer;
import dev.aiim.platform.messaging.MessageConsumption;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every consumer of a platform topic guarantees, against the real Kafka broker and PostgreSQL:
 * a message is applied once however often it is delivered, and a message it cannot read is parked on
 * the service's dead-letter topic with the reason while the next one is still processed.
 */
public abstract class ConsumerContractTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    IdempotentConsumer idempotentConsumer;

    @Inject
    MessageConsumption consumption;

    private final String topic;
    private final String deadLetterTopic;
    private final String consumerName;

    /**
     * @param topic        the topic the consumer reads
     * @param service      the consuming service, whose dead-letter topic is {@link Topics#deadLetters(String)}
     * @param consumerName the consumer's name in {@code processed_message}
     */
    protected ConsumerContractTests(String topic, String service, String consumerName) {
        this.topic = topic;
        this.deadLetterTopic = Topics.deadLetters(service);
        this.consumerName = consumerName;
    }

    /** A valid message for the topic whose effect can be found by {@code uniqueId}. */
    protected abstract Sample sample(String uniqueId);

    /** How many times the effect of the sample with {@code uniqueId} is stored (must end up 1). */
    protected abstract long storedEffects(String uniqueId);

    /** A message to produce: its type (for the CloudEvents headers), Kafka key and data record. */
    public record Sample(MessageType type, String key, Object data) {
    }

    @Test
    void aMessageDeliveredTwiceIsAppliedOnce() throws Exception {
        String unique = UUID.randomUUID().toString();
        String ceId = "ce-" + unique;
        Sample sample = sample(unique);
        String json = EventJson.write(sample.data());
        KafkaTestClient.produce(topic, sample.key(), ceId, sample.type().ceType(), json);
        KafkaTestClient.produce(topic, sample.key(), ceId, sample.type().ceType(), json);
        awaitApplied(ceId);
        // a later message on the same partition proves both copies were consumed before we count
        String laterId = "ce-" + UUID.randomUUID();
        Sample later = sample(UUID.randomUUID().toString());
        KafkaTestClient.produce(topic, sample.key(), laterId, later.type().ceType(), EventJson.write(later.data()));
        awaitApplied(laterId);
        assertThat(storedEffects(unique)).isEqualTo(1L);
    }

    @Test
    void anUnreadableMessageGoesToTheDeadLetterTopicAndTheNextOneIsProcessed() throws Exception {
        String poisonId = "poison-" + UUID.randomUUID();
        Sample sample = sample(UUID.randomUUID().toString());
        // keyed by its own id so that the dead-letter record can be found by key
        KafkaTestClient.produce(topic, poisonId, poisonId, sample.type().ceType(), "{\"not\": json");
        String goodUnique = UUID.randomUUID().toString();
        String goodId = "ce-" + goodUnique;
        Sample good = sample(goodUnique);
        KafkaTestClient.produce(topic, good.key(), goodId, good.type().ceType(), EventJson.write(good.data()));

        List<ConsumerRecord<String, String>> parked = KafkaTestClient.readUntil(deadLetterTopic,
                r -> poisonId.equals(r.key()), WAIT);
        assertThat(parked).hasSize(1);
        assertThat(KafkaTestClient.header(parked.get(0), "dead-letter-reason")).contains("Cannot read");
        assertThat(parked.get(0).value()).isEqualTo("{\"not\": json");
        awaitApplied(goodId);
        assertThat(storedEffects(goodUnique)).isEqualTo(1L);
        assertThat(applied(poisonId)).isFalse();
        // operators see it without a token: the parked message counted, and how far the consumers lag
        await("the dead letter and the consumers' lag on /q/metrics").atMost(WAIT).until(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            return metrics.contains("dead_letter_messages_total{consumer=\"" + consumerName + "\"")
                    && metrics.contains("consumer_lag_records{channel=");
        });
    }

    @Test
    void anAdminInspectsAParkedMessageAndReDrivesItToItsTopic() throws Exception {
        String poisonId = "poison-" + UUID.randomUUID();
        Sample sample = sample(UUID.randomUUID().toString());
        KafkaTestClient.produce(topic, poisonId, poisonId, sample.type().ceType(), "{\"still\": broken");
        KafkaTestClient.readUntil(deadLetterTopic, r -> poisonId.equals(r.key()), WAIT);
        String admin = OidcWiremockTestResource.getAccessToken("ada", Set.of("admin"));

        JsonPath listed = await("the parked message listed").atMost(WAIT).until(() -> given().auth().oauth2(admin)
                .get("/api/v1/admin/dead-letters?limit=100").then().statusCode(200).extract().jsonPath(),
                list -> list.getList("items.key", String.class).contains(poisonId));
        assertThat(listed.getString("topic")).isEqualTo(deadLetterTopic);
        Map<String, Object> parked = listed.getList("items", Map.class).stream()
                .filter(item -> poisonId.equals(item.get("key"))).findFirst().orElseThrow();
        String place = parked.get("partition") + "/" + parked.get("offset");
        given().auth().oauth2(admin).get("/api/v1/admin/dead-letters/" + place).then().statusCode(200)
                .body("originalTopic", equalTo(topic)).body("reason", containsString("Cannot read"))
                .body("headers.ce_id", equalTo(poisonId)).body("value", equalTo("{\"still\": broken"));
        problem(given().auth().oauth2(OidcWiremockTestResource.getAccessToken("bob", Set.of("responder")))
                .get("/api/v1/admin/dead-letters"), 403, "forbidden");
        problem(given().auth().oauth2(admin).get("/api/v1/admin/dead-letters/0/999999999"), 404, "not-found");

        given().auth().oauth2(admin).post("/api/v1/admin/dead-letters/" + place + "/redrive").then().statusCode(200)
                .body("topic", equalTo(topic));
        List<ConsumerRecord<String, String>> again = KafkaTestClient.readUntil(topic,
                r -> poisonId.equals(r.key()) && KafkaTestClient.header(r, "aiim-redriven-from") != null, WAIT);
        assertThat(again).singleElement().satisfies(r -> {
            assertThat(KafkaTestClient.header(r, "ce_id")).isEqualTo(poisonId);
            assertThat(KafkaTestClient.header(r, "aiim-redriven-from")).isEqualTo(deadLetterTopic + "/" + place);
            assertThat(KafkaTestClient.header(r, "dead-letter-reason")).isNull();
        });
        // still unreadable, so its consumer parks it once more
        await("the re-driven message parked again").atMost(WAIT).until(() -> KafkaTestClient.readUntil(deadLetterTopic,
                r -> poisonId.equals(r.key()) && KafkaTestClient.header(r, "aiim-redriven-from") != null,
                Duration.ofSeconds(2)).size() == 1);
    }

    @Test
    void aMessageWithoutCloudEventsHeadersGoesToTheDeadLetterTopic() throws Exception {
        String marker = "no-headers-" + UUID.randomUUID();
        KafkaTestClient.produce(topic, marker, null, null, "{}");
        List<ConsumerRecord<String, String>> parked = KafkaTestClient.readUntil(deadLetterTopic,
                r -> marker.equals(r.key()), WAIT);
        assertThat(parked).hasSize(1);
        assertThat(KafkaTestClient.header(parked.get(0), "dead-letter-reason")).contains("Not a CloudEvent");
    }

    @Test
    void aMessageThatArrivesWhileTheDatabaseIsAwayIsHeldAndAppliedOnceWhenItIsBack() throws Exception {
        String unique = UUID.randomUUID().toString();
        String ceId = "ce-" + unique;
        Sample sample = sample(unique);
        String json = EventJson.write(sample.data());
        long heldBefore = consumption.transientRetries(consumerName);
        DatabaseProxy.outage();
        try {
            KafkaTestClient.produce(topic, sample.key(), ceId, sample.type().ceType(), json);
            await("the consumer holding " + ceId + " and retrying while the database is away").atMost(WAIT)
                    .until(() -> consumption.transientRetries(consumerName) >= heldBefore + 2);
        } finally {
            DatabaseProxy.restore();
        }
        awaitApplied(ceId);
        assertThat(storedEffects(unique)).isEqualTo(1L);
        // a poison message after it, with the same key (the same partition), marks how far the dead letters go
        String marker = "{\"marker\": \"" + UUID.randomUUID() + "\"";
        KafkaTestClient.produce(topic, sample.key(), "marker-" + UUID.randomUUID(), sample.type().ceType(), marker);
        List<ConsumerRecord<String, String>> parked = KafkaTestClient.readUntil(deadLetterTopic,
                r -> marker.equals(r.value()) || json.equals(r.value()), WAIT);
        assertThat(parked).as("the dead-letter topic up to the marker").extracting(ConsumerRecord::value)
                .containsExactly(marker);
    }

    /** Counts rows with a query that has one {@code :id} parameter, in the service's own database. */
    protected static long countRows(String sql, String id) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql, Long.class).setParameter("id", id).getSingleResult())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitApplied(String ceId) {
        await("message " + ceId + " applied by " + consumerName).atMost(WAIT).until(() -> applied(ceId));
    }

    private boolean applied(String ceId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> idempotentConsumer.applied(consumerName, ceId));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
