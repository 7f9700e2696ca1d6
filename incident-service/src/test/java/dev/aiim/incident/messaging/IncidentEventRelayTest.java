package dev.aiim.incident.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Topics;
import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.eventstore.EventMetadata;
import dev.aiim.incident.eventstore.HashChain;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static dev.aiim.incident.IncidentFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay against the real PostgreSQL and Kafka, driven poll by poll (the background relay is off
 * in this profile, and a batch is 5 events): order without gaps, slow transactions, restarts.
 */
@QuarkusTest
@TestProfile(IncidentEventRelayTest.ManualRelay.class)
class IncidentEventRelayTest {

    public static class ManualRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aiim.incident.relay.enabled", "false", "aiim.incident.relay.batch-size", "5");
        }
    }

    @Inject
    IncidentEventRelay relay;
    @Inject
    IncidentCommandService commands;
    @Inject
    IncidentQueryService queries;
    @Inject
    dev.aiim.incident.service.ProjectionRebuild rebuild;

    /** Appends written here in raw SQL bypass the projection; a rebuild brings the view in line, as in production. */
    @org.junit.jupiter.api.AfterEach
    void realignProjection() {
        await(() -> rebuild.rebuild());
    }

    @BeforeEach
    void drain() throws Throwable {
        while (relay.relayOnce() > 0) {
            // publish whatever earlier tests left behind, so each test starts at the head
        }
    }

    /** The relay's gauge {@code name} as an operator without a token scrapes it. */
    private static double metric(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{(outbox|relay)=\"incident-events\",?\\} (\\S+)$")
                .matcher(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
        return value.find() ? Double.parseDouble(value.group(2)) : -1;
    }

    private String seedWithFindings(int findings) {
        String id = IncidentFixtures.seed(commands, "relay-" + UUID.randomUUID()).id();
        for (int i = 0; i < findings; i++) {
            IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("finding " + i, null, null));
        }
        return id;
    }

    @Test
    void appends_reach_the_topic_in_order_without_gaps() throws Throwable {
        String id = seedWithFindings(20);
        // operators see what waits for the relay, and for how long, before it runs
        Awaitility.await("the relay's backlog on /q/metrics").atMost(Duration.ofSeconds(30))
                .until(() -> metric("outbox_pending_messages") >= 21 && metric("relay_lag_seconds") > 0);
        drain();
        Awaitility.await("the relay's backlog drained on /q/metrics").atMost(Duration.ofSeconds(30))
                .until(() -> metric("outbox_pending_messages") == 0 && metric("relay_lag_seconds") == 0);

        List<Long> versions = versionsOnTopic(id, 21);
        assertThat(firstOccurrences(versions)).containsExactlyElementsOf(range(21));
    }

    @Test
    void an_event_committed_late_by_a_slow_transaction_is_published_not_skipped() throws Throwable {
        try (Connection slow = jdbc()) {
            slow.setAutoCommit(false);
            execute(slow, "select pg_current_xact_id()"); // the slow transaction takes its id first
            String late = "late-" + UUID.randomUUID();
            appendRaw(slow, late, 0, null, opened(late));

            String quick = IncidentFixtures.seed(commands, "relay-quick").id(); // commits now, with a later id
            assertThat(relay.relayOnce()).as("events past a running transaction wait for it").isZero();

            slow.commit();
            drain();
            assertThat(versionsOnTopic(late, 1)).contains(1L);
            assertThat(versionsOnTopic(quick, 1)).contains(1L);
        }
    }

    @Test
    void a_later_version_written_by_an_older_transaction_still_goes_out_after_its_predecessor() throws Throwable {
        String id = IncidentFixtures.seed(commands, "relay-inverted").id();
        try (Connection older = jdbc()) {
            older.setAutoCommit(false);
            execute(older, "select pg_current_xact_id()");
            IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("version 2", null, null));
            String head = await(() -> queries.events(id)).get(1).hash();
            appendRaw(older, id, 2, head, new IncidentEvent.FindingRecorded("f3", "version 3, older transaction",
                    null, null, Instant.now(), IncidentFixtures.SEED_ACTOR));
            older.commit();
        }
        drain();
        assertThat(firstOccurrences(versionsOnTopic(id, 3))).containsExactly(1L, 2L, 3L);
        assertThat(await(() -> queries.integrity(id)).valid()).isTrue();
    }

    @Test
    void a_relay_restarted_mid_stream_publishes_everything() throws Throwable {
        String id = seedWithFindings(12);
        assertThat(relay.relayOnce()).isEqualTo(5);
        relay.forgetMemory();
        drain();

        assertThat(firstOccurrences(versionsOnTopic(id, 13))).containsExactlyElementsOf(range(13));
    }

    // --- Helpers

    private static List<Long> range(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    /** Versions in topic order with repeats (allowed: at least once) removed. */
    private static List<Long> firstOccurrences(List<Long> versions) {
        return versions.stream().distinct().toList();
    }

    /** The versions of one incident's events on the topic, in offset order, once {@code count} distinct ones arrived. */
    private static List<Long> versionsOnTopic(String incidentId, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestClient.BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "relay-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<Long> versions = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.INCIDENT_EVENTS));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (versions.stream().distinct().count() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    if (incidentId.equals(r.key())) {
                        JsonNode header = EventJson.read(r.value(), JsonNode.class).get("header");
                        versions.add(header.get("version").asLong());
                    }
                });
            }
        }
        return versions;
    }

    private static IncidentEvent opened(String id) {
        return new IncidentEvent.IncidentOpened("written by a slow transaction", null,
                dev.aiim.contracts.IncidentCategory.SAFETY, "relay", dev.aiim.contracts.DetectionSource.MANUAL, null,
                null, Instant.now(), null, null, false, IncidentFixtures.SEED_ACTOR, null, null);
    }

    private static Connection jdbc() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet ignored = statement.executeQuery()) {
            // the id is taken; nothing to read
        }
    }

    /** An append as the event store writes it (compare-and-set, hash chain), on a connection the test controls. */
    private static void appendRaw(Connection connection, String streamId, long expected, String prevHash,
                                  IncidentEvent event) throws Exception {
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var type = IncidentEventCodec.typeOf(event);
        JsonNode payload = IncidentEventCodec.payload(event);
        JsonNode metadata = IncidentEventCodec.tree(EventMetadata.of(IncidentFixtures.SEED_ACTOR, "relay-test", null));
        String eventId = UUID.randomUUID().toString();
        long version = expected + 1;
        String hash = HashChain.hash(prevHash, HashChain.document(streamId, version, eventId, type.name(),
                type.version(), recordedAt.toString(), payload, metadata));
        String cas = expected == 0
                ? "insert into incident_stream (stream_id, stream_type, version, head_hash, created_at, updated_at)"
                        + " values (?, 'incident', ?, ?, now(), now())"
                : "update incident_stream set version = ?, head_hash = ? where stream_id = ? and version = " + expected;
        try (PreparedStatement statement = connection.prepareStatement(cas)) {
            if (expected == 0) {
                statement.setString(1, streamId);
                statement.setLong(2, version);
                statement.setString(3, hash);
            } else {
                statement.setLong(1, version);
                statement.setString(2, hash);
                statement.setString(3, streamId);
            }
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement statement = connection.prepareStatement("insert into incident_event (stream_id, version,"
                + " event_id, event_type, schema_version, payload, metadata, recorded_at, prev_hash, hash)"
                + " values (?, ?, cast(? as uuid), ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)")) {
            statement.setString(1, streamId);
            statement.setLong(2, version);
            statement.setString(3, eventId);
            statement.setString(4, type.name());
            statement.setInt(5, type.version());
            statement.setString(6, IncidentEventCodec.json(payload));
            statement.setString(7, IncidentEventCodec.json(metadata));
            statement.setObject(8, recordedAt.atOffset(ZoneOffset.UTC));
            statement.setString(9, prevHash);
            statement.setString(10, hash);
            statement.executeUpdate();
        }
    }
}
