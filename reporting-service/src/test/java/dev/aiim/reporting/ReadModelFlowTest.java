package dev.aiim.reporting;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.notification.UpdateOverdue;
import dev.aiim.platform.testing.KafkaTestClient;
import dev.aiim.reporting.domain.HistoryBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static dev.aiim.reporting.IncidentEvents.produce;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

/**
 * The read models from the real broker: events applied once, a gap marks the incident stale until the missing
 * event arrives, metrics over HTTP (JSON, CSV, Prometheus), and a rebuild from the topics gives the same figures.
 */
@QuarkusTest
class ReadModelFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static JsonPath metrics(String systemId) {
        return given().queryParam("systemId", systemId).get("/api/v1/metrics/summary").then().statusCode(200)
                .extract().jsonPath();
    }

    /** Starts a rebuild and answers the read models' state once it finished, without an error. */
    private static JsonPath rebuild() {
        given().post("/api/v1/admin/read-models/rebuild").then().statusCode(202);
        await("the rebuild finished").atMost(WAIT)
                .until(() -> given().get("/api/v1/admin/read-models").then().extract().jsonPath()
                        .getString("lastRebuild.finishedAt") != null);
        JsonPath state = given().get("/api/v1/admin/read-models").then().extract().jsonPath();
        assertThat(state.getString("lastRebuild.error")).isNull();
        return state;
    }

    /** An SEV1 of one system: MTTD 20, triage 10, MTTC 40, MTTR 120 minutes, two status updates. */
    private static HistoryBuilder sev1(String incidentId, String systemId) {
        return new HistoryBuilder(incidentId, systemId, false)
                .opened("2026-03-02T10:00:00Z", "2026-03-02T10:20:00Z", DetectionSource.MONITOR)
                .triaged("2026-03-02T10:30:00Z", Severity.SEV1)
                .statusUpdate("2026-03-02T10:50:00Z")
                .contained("2026-03-02T11:00:00Z")
                .statusUpdate("2026-03-02T11:30:00Z")
                .resolved("2026-03-02T12:20:00Z");
    }

    @Test
    @TestSecurity(user = "lena", roles = {"leadership", "admin"})
    void metrics_follow_the_events_once_each_and_a_gap_waits_for_the_missing_event() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String system = "sys-" + u;
        List<IncidentEvent> first = sev1("inc-1-" + u, system).events();
        produce(first);
        // the same events again: under their ids (a redelivery) and under new ids (a duplicate publish)
        produce(first);
        for (IncidentEvent event : first) {
            produce(event, event.header().eventId() + "-dup");
        }
        // a drill with terrible figures, which must not count
        produce(new HistoryBuilder("inc-drill-" + u, system, true)
                .opened("2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z", DetectionSource.MANUAL)
                .triaged("2026-03-04T00:00:00Z", Severity.SEV1).events());
        // a missed status update reported by notification-service
        KafkaTestClient.produce(Topics.NOTIFICATIONS, "inc-1-" + u, "overdue-" + u, MessageTypes.UPDATE_OVERDUE.ceType(),
                EventJson.write(new UpdateOverdue("inc-1-" + u, Severity.SEV1, Instant.parse("2026-03-02T11:00:00Z"),
                        Instant.parse("2026-03-02T11:01:00Z"), 1, false)));

        await("the SEV1 counted, its missed update and its resolution").atMost(WAIT)
                .until(() -> metrics(system).getInt("incidentCount") == 1
                && metrics(system).getInt("statusUpdates.missed") == 1
                && metrics(system).getDouble("mttrMinutes.mean") == 120.0);
        JsonPath m = metrics(system);
        assertThat(m.getDouble("mttdMinutes.mean")).isEqualTo(20.0);
        assertThat(m.getDouble("timeToTriageMinutes.median")).isEqualTo(10.0);
        assertThat(m.getDouble("mttcMinutes.p90")).isEqualTo(40.0);
        assertThat(m.getDouble("targets.mttcSev1.share")).isEqualTo(1.0);
        assertThat(m.getInt("statusUpdates.posted")).isEqualTo(2);
        assertThat(m.getDouble("reviewCompletion")).isEqualTo(0.0);
        assertThat(m.getString("filter.systemId")).isEqualTo(system);
        assertThat(count("inc-1-" + u)).isEqualTo(6);
        // the drill is scored apart: two days to detect and a day to triage miss their SEV1 targets
        await("the drill scored").atMost(WAIT)
                .until(() -> given().get("/api/v1/drills/inc-drill-" + u).statusCode() == 200);
        JsonPath drill = given().get("/api/v1/drills/inc-drill-" + u).then().statusCode(200).extract().jsonPath();
        assertThat(drill.getDouble("timeToDetectMinutes")).isEqualTo(2880.0);
        assertThat(drill.getList("targets.key", String.class)).containsExactly("mttdSev1", "mttcSev1", "timeToTriage");
        assertThat(drill.getList("targets.met", Boolean.class)).containsExactly(false, false, false);
        assertThat(given().get("/api/v1/drills").then().statusCode(200).extract().jsonPath()
                .getList("incidentId", String.class)).contains("inc-drill-" + u).doesNotContain("inc-1-" + u);
        given().get("/api/v1/drills/inc-1-" + u).then().statusCode(404);

        // versions 1, 2 and 4 of a second incident: its record stops at 2 and it is listed as stale
        List<IncidentEvent> second = sev1("inc-2-" + u, system).events();
        produce(second.get(0), second.get(0).header().eventId());
        produce(second.get(1), second.get(1).header().eventId());
        produce(second.get(3), second.get(3).header().eventId());
        await("the second incident listed as stale").atMost(WAIT)
                .until(() -> given().get("/api/v1/admin/read-models").then().extract().jsonPath()
                .getList("staleIncidents", String.class).contains("inc-2-" + u));
        assertThat(metrics(system).getList("staleIncidents", String.class)).contains("inc-2-" + u);
        assertThat(metrics(system).getInt("incidentCount")).isEqualTo(2);
        assertThat(metrics(system).getInt("mttcMinutes.count")).isEqualTo(1); // the containment (v4) waits for v3

        // version 3 arrives: the record catches up through every event received so far
        produce(second.get(2), second.get(2).header().eventId());
        await("the second incident's containment counted once version 3 arrived").atMost(WAIT)
                .until(() -> metrics(system).getInt("mttcMinutes.count") == 2);
        assertThat(metrics(system).getList("staleIncidents", String.class)).doesNotContain("inc-2-" + u);

        // CSV for spreadsheets (the gauges for Prometheus: DashboardTest)
        String csv = given().accept("text/csv").queryParam("systemId", system).get("/api/v1/metrics/summary").then()
                .statusCode(200).header("Content-Type", containsString("text/csv")).extract().asString();
        assertThat(csv).startsWith("section,key,severity,period,stat,value\n")
                .contains("count,incidents,ALL,,value,2\n", "duration,mttc-minutes,SEV1,,mean,40.0\n",
                        "target,mttcSev1,,,share,1.0\n", "trend-month,incidents,ALL,2026-03,value,2\n");

        // a rebuild from the topics gives the same figures
        JsonPath state = rebuild();
        assertThat(state.getLong("lastRebuild.applied")).isGreaterThanOrEqualTo(14);
        JsonPath rebuilt = metrics(system);
        assertThat(rebuilt.getInt("incidentCount")).isEqualTo(2);
        assertThat(rebuilt.getDouble("mttcMinutes.mean")).isEqualTo(40.0);
        assertThat(rebuilt.getInt("statusUpdates.missed")).isEqualTo(1);
        assertThat(count("inc-1-" + u)).isEqualTo(6);
    }

    @Test
    @TestSecurity(user = "lena", roles = {"leadership", "admin"})
    void a_rebuild_keeps_the_incidents_the_topic_no_longer_holds() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String system = "sys-kept-" + u;
        produce(sev1("inc-kept-" + u, system).events());
        await("the incident counted").atMost(WAIT).until(() -> metrics(system).getInt("incidentCount") == 1);

        // the broker's retention takes everything on the topic so far (as seven days would on a cluster)
        Map<String, Object> broker = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestClient.BOOTSTRAP);
        try (Admin admin = Admin.create(broker)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.INCIDENT_EVENTS)).allTopicNames()
                    .get().get(Topics.INCIDENT_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.INCIDENT_EVENTS, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> upToNow = new HashMap<>();
            admin.listOffsets(latest).all().get()
                    .forEach((p, offset) -> upToNow.put(p, RecordsToDelete.beforeOffset(offset.offset())));
            admin.deleteRecords(upToNow).all().get();
        }

        JsonPath state = rebuild();
        assertThat(state.getLong("lastRebuild.refolded")).isPositive();
        assertThat(count("inc-kept-" + u)).isEqualTo(6);
        JsonPath kept = metrics(system);
        assertThat(kept.getInt("incidentCount")).isEqualTo(1);
        assertThat(kept.getDouble("mttcMinutes.mean")).isEqualTo(40.0);
    }

    @Test
    @TestSecurity(user = "lena", roles = "leadership")
    void bad_filters_get_400_naming_each_parameter() {
        problem(given().queryParam("severity", "SEV9").queryParam("from", "yesterday").queryParam("category", "X")
                .get("/api/v1/metrics/summary"), 400, "validation")
                .body("errors.field", hasItems("severity", "from", "category"));
        problem(given().queryParam("from", "2026-03-01").queryParam("to", "2026-02-01").get("/api/v1/metrics/summary"),
                400, "validation").body("errors[0].field", org.hamcrest.Matchers.equalTo("to"));
        given().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01T00:00:00Z").queryParam("severity", "sev1")
                .get("/api/v1/metrics/summary").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "rita", roles = "responder")
    void responders_do_not_see_leadership_metrics() {
        problem(given().get("/api/v1/metrics/summary"), 403, "forbidden");
        problem(given().post("/api/v1/admin/read-models/rebuild"), 403, "forbidden");
    }

    private static long count(String incidentId) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() ->
                    io.quarkus.hibernate.reactive.panache.Panache.withSession(() ->
                            io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(s -> s.createNativeQuery(
                                            "select count(*) from incident_event_log where incident_id = ?1", Long.class)
                                    .setParameter(1, incidentId).getSingleResult())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
