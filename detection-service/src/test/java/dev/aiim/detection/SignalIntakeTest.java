package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** Generic signal intake against the real Kafka broker and PostgreSQL, with a GENERIC integration's token. */
@QuarkusTest
class SignalIntakeTest {

    @Inject
    Integrations integrations;

    private Integrations.Issued generic() {
        return IntakeFixtures.integration(integrations, IntegrationType.GENERIC, null);
    }

    @Test
    void anAcceptedSignalIsOnTheDetectionsTopicAsACloudEventAndStored() throws Throwable {
        String marker = "drift-" + UUID.randomUUID();
        Integrations.Issued sender = generic();
        String detectionId = IntakeFixtures.bearer(sender, """
                        {"systemId": "credit-scoring", "category": "BIAS_FAIRNESS", "severityHint": "SEV1",
                         "summary": "Approval rate collapsed for one group", "occurredAt": "%s",
                         "labels": {"marker": "%s"}, "evidence": {"disparateImpact": 0.41}}
                        """.formatted(Instant.now().minus(Duration.ofHours(2)), marker))
                .post("/api/v1/intake/signals")
                .then().statusCode(202)
                .body("accepted", equalTo(true))
                .body("alertId", org.hamcrest.Matchers.notNullValue())
                .body("detectionIds", hasSize(1))
                .extract().path("detectionIds[0]");

        List<ConsumerRecord<String, String>> found = KafkaTestClient.readUntil(Topics.DETECTIONS,
                r -> detectionId.equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(30));
        assertThat(found).hasSize(1);
        ConsumerRecord<String, String> record = found.get(0);
        assertThat(record.key()).isEqualTo("credit-scoring:BIAS_FAIRNESS");
        assertThat(KafkaTestClient.ceHeaders(record))
                .containsEntry("type", "detection.raised.v1")
                .containsEntry("source", "/detection-service")
                .containsEntry("subject", "credit-scoring:BIAS_FAIRNESS")
                .containsEntry("specversion", "1.0");
        DetectionRaised detection = EventJson.read(record.value(), DetectionRaised.class);
        assertThat(detection.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        assertThat(detection.labels()).containsEntry("marker", marker);
        assertThat(detection.evidence()).containsEntry("disparateImpact", 0.41);

        String stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select data->'labels'->>'marker' from raised_detection"
                        + " where detection_id = :id and raised_by = :by", String.class)
                        .setParameter("by", sender.integration().id())
                        .setParameter("id", detectionId).getSingleResult())));
        assertThat(stored).isEqualTo(marker);
    }

    @Test
    void anInvalidSignalIsRefusedWithEveryFieldNamed() {
        IntakeFixtures.bearer(generic(), "{\"systemId\": \"Not A Slug\", \"summary\": \"\"}")
                .post("/api/v1/intake/signals")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("systemId"))
                .body("errors.field", hasItem("category"))
                .body("errors.field", hasItem("summary"));
    }

    @Test
    void aStartOutsideTheBoundsOnReportedTimesIsRefusedAndNothingIsRaised() throws Throwable {
        String marker = "when-" + UUID.randomUUID();
        String dayAfterTomorrow = Instant.now().plus(Duration.ofDays(2)).toString();
        for (String occurredAt : List.of("-999999-01-01T00:00:00Z", dayAfterTomorrow)) {
            IntakeFixtures.bearer(generic(), """
                            {"systemId": "credit-scoring", "category": "BIAS_FAIRNESS", "summary": "s",
                             "occurredAt": "%s", "dedupKey": "%s"}""".formatted(occurredAt, marker))
                    .post("/api/v1/intake/signals")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("occurredAt"));
        }
        long stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select count(*) from raised_detection where dedup_key like :k",
                        Long.class).setParameter("k", "%" + marker).getSingleResult())));
        assertThat(stored).isZero();
    }

    @Test
    void anUnknownCategoryIsRefusedNamingTheAllowedOnes() {
        IntakeFixtures.bearer(generic(), "{\"systemId\": \"credit-scoring\", \"category\": \"VIBES\", \"summary\": \"x\"}")
                .post("/api/v1/intake/signals")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("category"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("BIAS_FAIRNESS"));
    }
}
