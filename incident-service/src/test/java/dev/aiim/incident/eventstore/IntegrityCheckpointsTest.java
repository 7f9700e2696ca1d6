package dev.aiim.incident.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.integrity.CheckpointTaken;
import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.TriageDecision;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.incident.service.IntegrityCheckpoints;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.platform.security.SigningKeys;
import dev.aiim.platform.testing.DatabaseOwner;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.aiim.incident.IncidentFixtures.INCIDENTS;
import static dev.aiim.incident.IncidentFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Signed checkpoints against the real PostgreSQL and Kafka: taken over the stored events, published with their leaves,
 * and compared with each stream, so that a stream rewritten by the database's owner with every hash recomputed
 * (which the chain check alone cannot see) is reported with the first version that differs.
 */
@QuarkusTest
class IntegrityCheckpointsTest {

    @Inject
    IncidentCommandService commands;
    @Inject
    IncidentQueryService queries;
    @Inject
    IntegrityCheckpoints checkpoints;
    @Inject
    IncidentEventStore store;
    @Inject
    SigningKeys keys;
    @Inject
    Pool pool;

    private String incidentWithFourEvents() {
        String id = IncidentFixtures.seed(commands, "checkpoint-" + UUID.randomUUID()).id();
        IncidentFixtures.run(commands, id, new IncidentCommand.TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3,
                "real", null));
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("approval gap is 11 points", null, null));
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("pipeline change on Monday", null, null));
        return id;
    }

    @Test
    @TestSecurity(user = "regulator", roles = "regulator")
    void a_checkpoint_covers_the_stored_events_and_the_stream_matches_it() throws Throwable {
        String id = incidentWithFourEvents();
        IntegrityReport before = await(() -> queries.integrity(id));
        assertThat(before.checkpoint()).as("no checkpoint covers a stream stored after the last one").isNull();

        IncidentFixtures.checkpointed(checkpoints, queries, id, 4);

        IntegrityReport after = await(() -> queries.integrity(id));
        assertThat(after.valid()).isTrue();
        assertThat(after.checkpoint()).isNotNull();
        assertThat(after.checkpoint().coveredVersion()).isEqualTo(4);
        assertThat(after.checkpoint().verified()).isTrue();
        assertThat(after.checkpoint().matches()).isTrue();
        assertThat(after.checkpoint().firstDifferingVersion()).isNull();
        given().get(INCIDENTS + "/" + id + "/integrity").then().statusCode(200)
                .body("valid", equalTo(true))
                .body("checkpoint.id", startsWith("checkpoint-"))
                .body("checkpoint.takenAt", notNullValue())
                .body("checkpoint.coveredVersion", equalTo(4))
                .body("checkpoint.matches", equalTo(true));

        // Events stored later are covered by the next checkpoint, which names this one as its previous.
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("a fifth event", null, null));
        assertThat(await(() -> queries.integrity(id)).checkpoint().coveredVersion()).isEqualTo(4);
        CheckpointStatus next = IncidentFixtures.checkpointed(checkpoints, queries, id, 5);
        assertThat(next.coveredVersion()).isEqualTo(5);
        assertThat(next.sequence()).isGreaterThan(after.checkpoint().sequence());
    }

    @Test
    void each_checkpoint_is_published_signed_with_the_events_it_covers() throws Throwable {
        String id = incidentWithFourEvents();
        String checkpointId = IncidentFixtures.checkpointed(checkpoints, queries, id, 4).id();

        List<ConsumerRecord<String, String>> published = KafkaTestClient.readUntil(Topics.INTEGRITY_CHECKPOINTS,
                r -> checkpointId.equals(r.key()), Duration.ofSeconds(30));
        assertThat(published).hasSize(1);
        assertThat(KafkaTestClient.header(published.get(0), "ce_type")).isEqualTo("integrity.checkpoint-taken.v1");
        CheckpointTaken taken = EventJson.read(published.get(0).value(), CheckpointTaken.class);
        JsonNode document = EventJson.mapper().readTree(taken.checkpoint());
        List<ChainCheckpoint.Leaf> leaves = taken.leaves().stream()
                .map(l -> new ChainCheckpoint.Leaf(l.streamId(), l.version(), l.hash())).toList();
        assertThat(ChainCheckpoint.verify(document, leaves, keys.ring().published()).valid()).isTrue();
        // the newest checkpoint covering the incident holds its head (earlier events may be in an earlier one)
        assertThat(leaves).filteredOn(l -> l.streamId().equals(id)).extracting(ChainCheckpoint.Leaf::version)
                .contains(4L);
        // any one event proves its place under the signed root on its own
        ChainCheckpoint.Inclusion head = ChainCheckpoint.inclusion(leaves, id, 4).orElseThrow();
        String hash = leaves.stream().filter(l -> l.streamId().equals(id) && l.version() == 4).findFirst()
                .orElseThrow().hash();
        assertThat(ChainCheckpoint.includes(document, new ChainCheckpoint.Leaf(id, 4, hash), head)).isTrue();
        assertThat(DatabaseOwner.value("select count(*) from integrity_checkpoint where checkpoint_id = '"
                + checkpointId + "' and published_at is not null", Long.class)).isEqualTo(1L);
    }

    @Test
    void a_stream_rewritten_by_the_owner_with_every_hash_recomputed_differs_from_its_checkpoint() throws Throwable {
        String id = incidentWithFourEvents();
        IncidentFixtures.checkpointed(checkpoints, queries, id, 4);
        List<StoredEvent> original = await(() -> store.events(pool, id));

        List<StoredEvent> forged = rewrite(original, 3, "pipeline change on Monday, nothing else");
        try {
            store(forged);
            IntegrityReport report = await(() -> queries.integrity(id));
            // the chain alone is whole again: every hash and link was recomputed
            assertThat(report.firstInvalidVersion()).isNull();
            assertThat(report.recomputedHeadHash()).isEqualTo(report.headHash());
            // the signed checkpoint still holds what version 3 was
            assertThat(report.valid()).isFalse();
            assertThat(report.checkpoint().verified()).isTrue();
            assertThat(report.checkpoint().matches()).isFalse();
            assertThat(report.checkpoint().firstDifferingVersion()).isEqualTo(3);
            assertThat(report.checkpoint().problem()).contains("version 3");
        } finally {
            store(original);
        }
        assertThat(await(() -> queries.integrity(id)).valid()).isTrue();
    }

    @Test
    void a_checkpoints_leaves_changed_by_the_owner_no_longer_verify_against_its_signed_root() throws Throwable {
        String id = incidentWithFourEvents();
        IncidentFixtures.checkpointed(checkpoints, queries, id, 4);
        // the leaf of version 2, in whichever checkpoint covers it
        long sequence = DatabaseOwner.value("select sequence from integrity_checkpoint_leaf where stream_id = '" + id
                + "' and version = 2", Long.class);
        String which = " where sequence = " + sequence + " and stream_id = '" + id + "' and version = 2";
        String hash = DatabaseOwner.value("select hash from integrity_checkpoint_leaf" + which, String.class);
        try {
            DatabaseOwner.execute("update integrity_checkpoint_leaf set hash = '" + "0".repeat(64) + "'" + which);
            CheckpointStatus forged = await(() -> queries.integrity(id)).checkpoint();
            assertThat(forged.verified()).isFalse();
            assertThat(forged.matches()).isFalse();
            assertThat(forged.problem()).contains("not those its signed root covers");
        } finally {
            DatabaseOwner.execute("update integrity_checkpoint_leaf set hash = '" + hash + "'" + which);
        }
        assertThat(await(() -> queries.integrity(id)).checkpoint().matches()).isTrue();
    }

    /** The events with version {@code version}'s description changed and every later hash and link recomputed. */
    private static List<StoredEvent> rewrite(List<StoredEvent> events, long version, String description) {
        List<StoredEvent> rewritten = new ArrayList<>();
        String previous = null;
        for (StoredEvent e : events) {
            JsonNode payload = e.payload();
            if (e.version() == version) {
                payload = e.payload().deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("description", description);
            }
            StoredEvent changed = new StoredEvent(e.position(), e.streamId(), e.version(), e.eventId(), e.type(),
                    e.schemaVersion(), payload, e.metadata(), e.recordedAt(), previous, null);
            String hash = ChainCheck.recompute(previous, changed);
            rewritten.add(new StoredEvent(e.position(), e.streamId(), e.version(), e.eventId(), e.type(),
                    e.schemaVersion(), payload, e.metadata(), e.recordedAt(), previous, hash));
            previous = hash;
        }
        return rewritten;
    }

    /** Writes the events' payloads, links and hashes, and the stream's head, as the database's owner could. */
    private static void store(List<StoredEvent> events) {
        DatabaseOwner.inTransaction(c -> c
                .query("alter table incident_event disable trigger incident_event_append_only").execute()
                .chain(() -> c.preparedQuery("update incident_event set payload = $1::text::jsonb, prev_hash = $2,"
                        + " hash = $3 where stream_id = $4 and version = $5").executeBatch(events.stream()
                        .map(e -> Tuple.of(e.payload().toString(), e.prevHash(), e.hash(), e.streamId(), e.version()))
                        .toList()))
                .chain(() -> c.preparedQuery("update incident_stream set head_hash = $1 where stream_id = $2")
                        .execute(Tuple.of(events.get(events.size() - 1).hash(), events.get(0).streamId())))
                .chain(() -> c.query("alter table incident_event enable trigger incident_event_append_only").execute())
                .replaceWithVoid());
    }
}
