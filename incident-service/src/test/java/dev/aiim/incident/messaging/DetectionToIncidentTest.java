package dev.aiim.incident.messaging;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.TriageDecision;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.aiim.incident.IncidentFixtures.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detections produced to the real {@code aiim.detections.v1} open incidents or join them, once per
 * message, and the incident's events come out on the real {@code aiim.incident-events.v1}.
 */
@QuarkusTest
class DetectionToIncidentTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    IncidentCommandService commands;
    @Inject
    IncidentQueryService queries;

    private static DetectionRaised detection(String key, String detectionId, boolean simulation) {
        Instant now = Instant.now();
        return new DetectionRaised(detectionId, key, null, "credit-scoring", IncidentCategory.BIAS_FAIRNESS,
                "Approval rate for age_band=60+ fell to 0.2 of the reference group", Severity.SEV1,
                DetectionSource.MONITOR, null, now.minusSeconds(600), now, Map.of("monitor", "fairness"),
                Map.of("group", "age_band=60+", "disparateImpact", 0.2), simulation);
    }

    private static void produce(DetectionRaised detection, String messageId) throws Exception {
        KafkaTestClient.produce(Topics.DETECTIONS, detection.correlationKey(), messageId,
                MessageTypes.DETECTION_RAISED.ceType(), EventJson.write(detection));
    }

    /** The ids of the incidents that carry this correlation key, once at least {@code expected} exist. */
    private static List<String> incidentsFor(String key, int expected) {
        Supplier<List<String>> query = () -> await(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select incident_id from incident_view where correlation_key = :key"
                        + " order by detected_at", String.class).setParameter("key", key).getResultList())));
        return eventually("at least " + expected + " incidents for " + key, query, ids -> ids.size() >= expected);
    }

    private static <T> T eventually(String what, Supplier<T> probe, Predicate<T> done) {
        return Awaitility.await(what).atMost(WAIT).until(probe::get, done::test);
    }

    private Incident incident(String id) {
        return await(() -> queries.current(id));
    }

    @Test
    void a_detection_opens_one_incident_and_a_redelivery_changes_nothing() throws Exception {
        String key = "credit-scoring:BIAS_FAIRNESS:" + UUID.randomUUID();
        DetectionRaised raised = detection(key, "det-" + UUID.randomUUID(), false);
        String messageId = UUID.randomUUID().toString();
        long produced = System.nanoTime();
        produce(raised, messageId);

        List<String> ids = incidentsFor(key, 1);
        long openedMillis = (System.nanoTime() - produced) / 1_000_000;
        assertThat(ids).hasSize(1);
        Incident incident = incident(ids.get(0));
        assertThat(incident.status()).isEqualTo(dev.aiim.contracts.IncidentStatus.DETECTED);
        assertThat(incident.suggestedSeverity()).isEqualTo(Severity.SEV1);
        assertThat(incident.source()).isEqualTo(DetectionSource.MONITOR);
        assertThat(incident.title()).startsWith("Approval rate for age_band=60+");
        assertThat(incident.description()).startsWith("Opened from a monitor detection (" + raised.detectionId() + ")")
                .contains(raised.summary());
        assertThat(incident.signals()).singleElement().satisfies(signal -> {
            assertThat(signal.detectionId()).isEqualTo(raised.detectionId());
            assertThat(signal.evidence()).containsEntry("group", "age_band=60+");
        });
        System.out.printf("detection -> incident in %d ms%n", openedMillis);

        produce(raised, messageId);
        // A later detection on another key proves the consumer has moved past the repeat.
        String marker = "marker:" + UUID.randomUUID();
        produce(detection(marker, "det-" + UUID.randomUUID(), false), UUID.randomUUID().toString());
        incidentsFor(marker, 1);
        assertThat(incidentsFor(key, 1)).hasSize(1);
        assertThat(incident(ids.get(0)).signals()).hasSize(1);
    }

    @Test
    void a_second_signal_with_the_same_key_joins_the_open_incident() throws Exception {
        String key = "credit-scoring:BIAS_FAIRNESS:" + UUID.randomUUID();
        produce(detection(key, "det-a-" + UUID.randomUUID(), false), UUID.randomUUID().toString());
        String incidentId = incidentsFor(key, 1).get(0);
        produce(detection(key, "det-b-" + UUID.randomUUID(), false), UUID.randomUUID().toString());

        Incident joined = eventually("the second signal attached", () -> incident(incidentId),
                i -> i.signals().size() == 2);
        assertThat(joined.signals()).hasSize(2);
        assertThat(incidentsFor(key, 1)).hasSize(1);
        assertThat(await(() -> queries.events(incidentId))).extracting(e -> e.type())
                .containsExactly("incident.opened", "incident.signal-attached");
    }

    @Test
    void after_a_false_alarm_the_next_detection_opens_a_new_incident() throws Exception {
        String key = "credit-scoring:BIAS_FAIRNESS:" + UUID.randomUUID();
        produce(detection(key, "det-" + UUID.randomUUID(), false), UUID.randomUUID().toString());
        String first = incidentsFor(key, 1).get(0);
        IncidentFixtures.run(commands, first, new IncidentCommand.TriageIncident(TriageDecision.FALSE_ALARM, null,
                "seasonal dip", null));
        produce(detection(key, "det-" + UUID.randomUUID(), false), UUID.randomUUID().toString());
        assertThat(incidentsFor(key, 2)).hasSize(2).contains(first);
    }

    @Test
    void a_resolved_detection_adds_to_the_timeline_but_never_closes() throws Exception {
        String key = "credit-scoring:BIAS_FAIRNESS:" + UUID.randomUUID();
        DetectionRaised raised = detection(key, "det-" + UUID.randomUUID(), false);
        produce(raised, UUID.randomUUID().toString());
        String incidentId = incidentsFor(key, 1).get(0);
        DetectionResolved resolved = new DetectionResolved(raised.detectionId(), key, null, "credit-scoring",
                IncidentCategory.BIAS_FAIRNESS, "approval rate back to normal", DetectionSource.MONITOR,
                Instant.now(), false);
        KafkaTestClient.produce(Topics.DETECTIONS, key, UUID.randomUUID().toString(),
                MessageTypes.DETECTION_RESOLVED.ceType(), EventJson.write(resolved));

        Incident incident = eventually("the resolved detection on the timeline", () -> incident(incidentId),
                i -> !i.timeline().isEmpty());
        assertThat(incident.timeline()).singleElement().satisfies(entry ->
                assertThat(entry.text()).contains(raised.detectionId()).contains("resolved"));
        assertThat(incident.status()).isEqualTo(dev.aiim.contracts.IncidentStatus.DETECTED);
    }

    @Test
    void a_game_day_detection_opens_a_simulation_incident() throws Exception {
        String key = "game-day:" + UUID.randomUUID();
        produce(detection(key, "det-" + UUID.randomUUID(), true), UUID.randomUUID().toString());
        assertThat(incident(incidentsFor(key, 1).get(0)).simulation()).isTrue();
    }

    @Test
    void the_opened_incident_reaches_the_incident_events_topic_with_its_header() throws Exception {
        String key = "credit-scoring:BIAS_FAIRNESS:" + UUID.randomUUID();
        DetectionRaised raised = detection(key, "det-" + UUID.randomUUID(), false);
        long produced = System.nanoTime();
        produce(raised, UUID.randomUUID().toString());
        String incidentId = incidentsFor(key, 1).get(0);

        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(Topics.INCIDENT_EVENTS,
                r -> incidentId.equals(r.key()), WAIT);
        long publishedMillis = (System.nanoTime() - produced) / 1_000_000;
        assertThat(records).isNotEmpty();
        ConsumerRecord<String, String> record = records.get(0);
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo(MessageTypes.INCIDENT_OPENED.ceType());
        IncidentOpened opened = EventJson.read(record.value(), IncidentOpened.class);
        assertThat(opened.header().incidentId()).isEqualTo(incidentId);
        assertThat(opened.header().version()).isEqualTo(1);
        assertThat(opened.header().prevHash()).isNull();
        assertThat(opened.header().hash()).isEqualTo(await(() -> queries.events(incidentId)).get(0).hash());
        assertThat(opened.header().status()).isEqualTo(dev.aiim.contracts.IncidentStatus.DETECTED);
        assertThat(opened.header().systemId()).isEqualTo("credit-scoring");
        assertThat(opened.header().actor().id()).isEqualTo("incident-service");
        assertThat(opened.detectionId()).isEqualTo(raised.detectionId());
        assertThat(opened.correlationKey()).isEqualTo(key);
        System.out.printf("detection -> incident.opened on the topic in %d ms%n", publishedMillis);
    }

    /**
     * An alert storm: a thousand detections of one key, produced at once, open one incident. The first hundred are
     * attached one by one, each with its own detection and message in the event's metadata; the rest are counted, a
     * poll's worth in one event, and every one is linked to the incident.
     */
    @Test
    @TestSecurity(user = "responder", roles = "responder")
    void a_storm_of_one_keys_detections_is_one_incident_with_every_signal_once() throws Exception {
        String key = "credit-scoring:BIAS_FAIRNESS:storm-" + UUID.randomUUID();
        int storm = 1000;
        List<String> detectionIds = new java.util.ArrayList<>();
        try (var producer = KafkaTestClient.producer()) {
            for (int i = 0; i < storm; i++) {
                DetectionRaised raised = detection(key, "storm-" + UUID.randomUUID(), false);
                detectionIds.add(raised.detectionId());
                producer.send(KafkaTestClient.record(Topics.DETECTIONS, key, "msg-" + raised.detectionId(),
                        MessageTypes.DETECTION_RAISED.ceType(), EventJson.write(raised)));
            }
        }
        String incidentId = incidentsFor(key, 1).get(0);
        Incident incident = Awaitility.await("every signal of the storm attached or counted")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> incident(incidentId), i -> i.signalCount() >= storm);
        assertThat(incident.signalCount()).isEqualTo(storm);
        assertThat(incident.signals()).hasSize(Incident.ATTACHED_SIGNALS)
                .extracting(Incident.Signal::detectionId).doesNotHaveDuplicates().isSubsetOf(detectionIds);
        assertThat(incident.signalsCounted()).isEqualTo(storm - Incident.ATTACHED_SIGNALS);
        assertThat(incidentsFor(key, 1)).as("one incident for the storm").hasSize(1);
        long attributed = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(distinct metadata->>'causationId') from incident_event where stream_id = :id"
                        + " and event_type = 'incident.signal-attached'", Long.class)
                .setParameter("id", incidentId).getSingleResult())));
        assertThat(attributed).as("each attached signal's event names its own message")
                .isEqualTo(Incident.ATTACHED_SIGNALS - 1);
        long countingEvents = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(*) from incident_event where stream_id = :id"
                        + " and event_type = 'incident.signals-counted'", Long.class)
                .setParameter("id", incidentId).getSingleResult())));
        assertThat(countingEvents).as("counted a poll at a time, not one event each")
                .isBetween(1L, (long) (storm - Incident.ATTACHED_SIGNALS) / 10);
        List<String> linked = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select detection_id from detection_signal where incident_id = :id", String.class)
                .setParameter("id", incidentId).getResultList())));
        assertThat(linked).as("every detection linked to the incident")
                .containsExactlyInAnyOrderElementsOf(detectionIds);
        given().get("/api/v1/incidents/{id}/signals?size=10&page=1", incidentId).then().statusCode(200)
                .body("total", equalTo(storm)).body("page", equalTo(1)).body("items", hasSize(10))
                .body("items.detectionId", everyItem(in(detectionIds))).body("items[0].source", equalTo("MONITOR"));
        given().get("/api/v1/incidents/{id}/signals?size=0", incidentId).then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/api/v1/incidents/{id}/signals", "no-such-incident").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
