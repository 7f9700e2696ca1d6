package dev.aiim.incident.eventstore;

import dev.aiim.contracts.Severity;
import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.TriageDecision;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.platform.testing.DatabaseOwner;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static dev.aiim.incident.IncidentFixtures.INCIDENTS;
import static dev.aiim.incident.IncidentFixtures.asOwner;
import static dev.aiim.incident.IncidentFixtures.await;
import static dev.aiim.incident.IncidentFixtures.execute;
import static dev.aiim.incident.IncidentFixtures.json;
import static dev.aiim.incident.IncidentFixtures.rewriteDescription;
import static dev.aiim.incident.IncidentFixtures.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** The event store against the real PostgreSQL: races, tampering, snapshots, past versions and rebuilds. */
@QuarkusTest
class IncidentEventStoreTest {

    @Inject
    IncidentCommandService commands;
    @Inject
    IncidentQueryService queries;

    private String seed() {
        return IncidentFixtures.seed(commands, "store-" + UUID.randomUUID()).id();
    }

    /** Fifty timeline entries at once; {@code ifMatch} (or null) is the version each names. */
    private static List<io.restassured.response.Response> fiftyAtOnce(String id, String ifMatch) {
        int writers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<io.restassured.response.Response>> calls = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String text = "entry " + i;
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                var request = json("{\"at\": \"%s\", \"text\": \"%s\"}".formatted(Instant.now(), text));
                return (ifMatch == null ? request : request.header("If-Match", "\"" + ifMatch + "\""))
                        .post(INCIDENTS + "/" + id + "/timeline-entries");
            }, pool));
        }
        start.countDown();
        List<io.restassured.response.Response> responses = calls.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        return responses;
    }

    /**
     * Fault suite, fault 5: a command that names no version (no If-Match) and loses a race is run again on the
     * incident as it now is, so fifty timeline entries at once all apply, in contiguous versions, each once.
     */
    @Test
    @TestSecurity(user = "responder", roles = "responder")
    void fifty_concurrent_commands_without_a_version_all_apply_in_contiguous_versions() {
        String id = seed();
        List<io.restassured.response.Response> responses = fiftyAtOnce(id, null);

        assertThat(responses).as("no command named a version, so none lost a race it claimed")
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        List<StoredEvent> events = await(() -> queries.events(id));
        assertThat(events).extracting(StoredEvent::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + responses.size()).boxed().toList());
        // Each answer names its own version, and the event stored there is that command's entry.
        assertThat(responses).extracting(r -> r.jsonPath().getLong("version")).doesNotHaveDuplicates();
        for (int index = 0; index < responses.size(); index++) {
            StoredEvent stored = events.get(responses.get(index).jsonPath().getInt("version") - 1);
            assertThat(stored.payload().get("text").asText()).isEqualTo("entry " + index);
        }
        assertThat(await(() -> queries.integrity(id)).valid()).isTrue();
        given().get(INCIDENTS + "/" + id).then().body("version", equalTo(1 + responses.size()));
    }

    @Test
    @TestSecurity(user = "responder", roles = "responder")
    void fifty_concurrent_commands_naming_the_same_version_one_applies_and_every_loser_a_409_or_412() {
        String id = seed();
        List<io.restassured.response.Response> responses = fiftyAtOnce(id, "1");

        List<io.restassured.response.Response> won = responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(won).as("one command applies at version 2").singleElement()
                .satisfies(r -> assertThat(r.jsonPath().getInt("version")).isEqualTo(2));
        // refused before (412: the version is stale) or at the append (409: a race lost after the check)
        responses.stream().filter(r -> r.statusCode() != 200).forEach(r -> {
            assertThat(r.statusCode()).isIn(409, 412);
            assertThat(r.contentType()).isEqualTo("application/problem+json");
        });
        assertThat(await(() -> queries.events(id))).hasSize(2);
        assertThat(await(() -> queries.integrity(id)).valid()).isTrue();
    }

    @Test
    @TestSecurity(user = "regulator", roles = "regulator")
    void changing_one_stored_event_in_sql_breaks_the_chain() {
        String id = seed();
        IncidentFixtures.run(commands, id, new IncidentCommand.TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3,
                "real", null));
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("original finding", null, null));
        given().get(INCIDENTS + "/" + id + "/integrity").then().statusCode(200).body("valid", equalTo(true));

        // PostgreSQL refuses the service's role any change; a tamperer with the owner's password must also switch the
        // append-only trigger off first.
        assertThatThrownBy(() -> execute(rewriteDescription(id, 3, "softened")))
                .hasMessageContaining("permission denied");
        String original = sql("select payload->>'description' from incident_event where stream_id = '" + id
                + "' and version = 3", String.class);
        try {
            asOwner(rewriteDescription(id, 3, "softened"));
            given().get(INCIDENTS + "/" + id + "/integrity").then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("eventCount", equalTo(3))
                    .body("firstInvalidVersion", equalTo(3));
        } finally {
            asOwner(rewriteDescription(id, 3, original));
        }
        // Put back exactly as it was, the chain verifies again.
        given().get(INCIDENTS + "/" + id + "/integrity").then().body("valid", equalTo(true));
    }

    @Test
    void a_missing_last_event_is_detected() {
        String id = seed();
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("f", null, null));
        // Deleted (by the owner: the service's role may not) and verified inside one transaction that is then rolled
        // back, so the stream stays whole.
        java.util.concurrent.atomic.AtomicReference<IntegrityReport> seen = new java.util.concurrent.atomic.AtomicReference<>();
        var store = io.quarkus.arc.Arc.container().instance(IncidentEventStore.class).get();
        assertThatThrownBy(() -> DatabaseOwner.inTransaction(c -> c
                .query("alter table incident_event disable trigger incident_event_append_only").execute()
                .chain(() -> c.preparedQuery("delete from incident_event where stream_id = $1 and version = 2")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)))
                .chain(() -> store.streamVersion(c, id))
                .chain(version -> store.events(c, id).map(events -> IncidentEventStore.verify(version.orElseThrow(),
                        events)))
                .invoke(seen::set)
                .chain(report -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("roll back")))))
                .hasMessageContaining("roll back");

        assertThat(seen.get().valid()).isFalse();
        assertThat(seen.get().streamVersion()).isEqualTo(2);
        assertThat(seen.get().eventCount()).isEqualTo(1);
        assertThat(seen.get().firstInvalidVersion()).isEqualTo(2);
        assertThat(await(() -> queries.integrity(id)).valid()).isTrue();
    }

    @Test
    void a_lost_race_appends_nothing() {
        String id = seed();
        Incident loaded = await(() -> queries.atVersion(id, 1));
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("first writer", null, null));
        String head = await(() -> queries.events(id)).get(0).hash();
        EventMetadata metadata = EventMetadata.of(IncidentFixtures.SEED_ACTOR, "c", null);
        var store = io.quarkus.arc.Arc.container().instance(IncidentEventStore.class).get();
        var pool = io.quarkus.arc.Arc.container().instance(io.vertx.mutiny.sqlclient.Pool.class).get();
        List<dev.aiim.incident.domain.IncidentEvent> late = List.of(new dev.aiim.incident.domain.IncidentEvent
                .FindingRecorded("f2", "second writer", null, null, Instant.now(), IncidentFixtures.SEED_ACTOR));

        assertThatThrownBy(() -> await(() -> pool.withTransaction(c -> store.append(c, id, loaded.version(), head,
                late, metadata)))).hasMessageContaining("changed by someone else");
        assertThat(await(() -> queries.events(id))).hasSize(2);
    }

    @Test
    void an_incident_another_writer_appended_to_is_read_again_not_taken_from_memory() {
        String id = seed();
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("ours", null, null));
        String head = await(() -> queries.events(id)).get(1).hash();
        var store = io.quarkus.arc.Arc.container().instance(IncidentEventStore.class).get();
        var pool = io.quarkus.arc.Arc.container().instance(io.vertx.mutiny.sqlclient.Pool.class).get();
        // another instance's append: this instance's memory still holds version 2
        await(() -> pool.withTransaction(c -> store.append(c, id, 2, head, List.of(new dev.aiim.incident.domain
                .IncidentEvent.FindingRecorded("f-theirs", "theirs", null, null, Instant.now(),
                IncidentFixtures.SEED_ACTOR)), EventMetadata.of(IncidentFixtures.SEED_ACTOR, "c", null))));

        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("ours again", null, null));

        assertThat(await(() -> queries.current(id)).findings()).extracting(f -> f.description())
                .containsExactly("ours", "theirs", "ours again");
        assertThat(await(() -> queries.integrity(id)).valid()).isTrue();
    }

    @Test
    void snapshots_are_taken_every_n_events_and_loading_from_them_equals_a_full_replay() {
        String id = seed();
        for (int i = 0; i < 11; i++) {
            IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("finding " + i, null, null));
        }
        Long snapshots = sql("select count(*) from incident_snapshot where stream_id = '" + id + "'", Long.class);
        assertThat(snapshots).as("snapshots at versions 5 and 10 (aiim.incident.snapshot-every=5 in tests)")
                .isEqualTo(2);

        Incident fromSnapshot = await(() -> queries.atVersion(id, 12));
        List<StoredEvent> events = await(() -> queries.events(id));
        Incident replayed = dev.aiim.incident.domain.IncidentDecider.fold(null, id, events.stream()
                .map(e -> IncidentEventCodec.read(e.type(), e.payload())).toList());
        assertThat(fromSnapshot).isEqualTo(replayed);
        assertThat(await(() -> queries.current(id))).isEqualTo(replayed);
        assertThat(await(() -> queries.atVersion(id, 7)).findings()).hasSize(6);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void a_rebuilt_projection_equals_the_live_one() {
        String triaged = seed();
        IncidentFixtures.run(commands, triaged, new IncidentCommand.TriageIncident(TriageDecision.CONFIRMED,
                Severity.SEV3, "real", null));
        String dismissed = seed();
        IncidentFixtures.run(commands, dismissed, new IncidentCommand.TriageIncident(TriageDecision.FALSE_ALARM, null,
                "noise", null));
        List<Map<String, Object>> live = views();
        Instant liveTakenAt = Instant.now();

        given().post("/api/v1/admin/projections/incidents/rebuild").then().statusCode(200)
                .body("incidents", org.hamcrest.Matchers.greaterThanOrEqualTo(live.size()));

        // Every view equals its rebuilt self. Detections still arriving from the broker may open incidents
        // meanwhile; those (and only those) may be new.
        List<Map<String, Object>> rebuilt = views();
        assertThat(rebuilt).containsAll(live);
        List<Object> liveIds = live.stream().map(v -> v.get("id")).toList();
        for (Map<String, Object> extra : rebuilt.stream().filter(v -> !liveIds.contains(v.get("id"))).toList()) {
            Instant opened = sql("select min(recorded_at) from incident_event where stream_id = '" + extra.get("id")
                    + "'", java.time.OffsetDateTime.class).toInstant();
            assertThat(opened).as("incident %s appeared during the rebuild", extra.get("id")).isAfter(liveTakenAt);
        }
    }

    @Test
    @TestSecurity(user = "commander", roles = "commander")
    void only_admins_rebuild() {
        given().post("/api/v1/admin/projections/incidents/rebuild").then().statusCode(403);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> views() {
        List<Object[]> rows = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select incident_id, version, status, severity, category, system_id, simulation, is_open,"
                        + " detected_at::text, coalesce(correlation_key, '-'), state::text from incident_view"
                        + " order by incident_id", Object[].class)
                .getResultList())));
        return rows.stream().map(row -> {
            Map<String, Object> view = new java.util.LinkedHashMap<>();
            String[] names = {"id", "version", "status", "severity", "category", "system", "simulation", "open",
                    "detected", "correlation", "state"};
            for (int i = 0; i < names.length; i++) {
                view.put(names[i], row[i]);
            }
            return view;
        }).toList();
    }
}
