package dev.aiim.detection;

import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.domain.monitor.CreditScoringScenario;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.repository.TelemetryRepository;
import dev.aiim.detection.service.AiSystemRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.TelemetryFixtures.predictions;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Evidence kept (EU AI Act Art. 73(6)): retention deletes old telemetry, but not the window that raised an open
 * incident's detection, nor the replaced reference that detection was judged against; once the incident has been
 * closed for longer than the evidence is kept, both go like the rest.
 */
@QuarkusTest
class EvidenceKeptTest {

    /** A month ago: older than the retention, so only a hold keeps it. */
    private static final Instant OLD = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
    private static final Instant HELD_FROM = OLD;
    private static final Instant FREE_FROM = OLD.plus(Duration.ofHours(2));

    @Inject
    AiSystemRegistry registry;
    @Inject
    TelemetryRepository telemetry;

    private static List<PredictionRecord> records(Instant from) {
        return new CreditScoringScenario(7, OLD, OLD.plus(Duration.ofDays(1))).between(from, Duration.ofMinutes(2));
    }

    private static long count(String sql, String systemId) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql,
                Long.class).setParameter("s", systemId).getSingleResult())));
    }

    private static void execute(String sql, Object... parameters) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        })));
    }

    private static long inWindow(String systemId, Instant from) {
        return count("select count(*) from prediction where system_id = :s and predicted_at >= '" + from
                + "'::timestamptz and predicted_at < '" + from.plus(Duration.ofMinutes(2)) + "'::timestamptz",
                systemId);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void an_open_incident_keeps_the_telemetry_that_raised_it_until_it_has_been_closed_long_enough() {
        String systemId = TelemetryFixtures.system(registry, RiskTier.HIGH);
        for (Instant from : List.of(HELD_FROM, FREE_FROM)) {
            given().contentType(ContentType.JSON).body(predictions(records(from), "p-" + from.getEpochSecond() + "-",
                    true)).post("/api/v1/systems/" + systemId + "/predictions").then().statusCode(202);
        }
        // reference version 1, which the detection was judged against, then replaced by version 2
        for (int version = 1; version <= 2; version++) {
            given().contentType(ContentType.JSON).body(predictions(records(OLD.plus(Duration.ofHours(5))), "r" + version
                    + "-", true)).put("/api/v1/systems/" + systemId + "/reference").then().statusCode(200)
                    .body("version", equalTo(version));
        }
        assertThat(count("select count(*) from reference_history where system_id = :s and version = 1", systemId))
                .as("the replaced reference is kept under its version").isEqualTo(1);
        execute("update reference_history set replaced_at = ?1 where system_id = ?2",
                java.time.OffsetDateTime.ofInstant(OLD, java.time.ZoneOffset.UTC), systemId);

        // a monitor detection raised on the first window, and the incident it opened
        String detectionId = "det-" + UUID.randomUUID();
        String incidentId = "inc-" + UUID.randomUUID().toString().substring(0, 8);
        List<PredictionRecord> held = records(HELD_FROM);
        String evidence = "{\"evidence\": {\"monitor\": \"FAIRNESS\", \"window\": {\"from\": \""
                + held.get(0).timestamp() + "\", \"to\": \"" + held.get(held.size() - 1).timestamp()
                + "\"}, \"reference\": {\"version\": 1}}}";
        execute("insert into raised_detection (detection_id, correlation_key, system_id, category, source, raised_by,"
                + " raised_at, data) values (?1, ?2, ?3, 'BIAS_FAIRNESS', 'MONITOR', 'monitor', now(), '" + evidence
                + "'::jsonb)", detectionId, systemId + ":BIAS_FAIRNESS", systemId);
        execute("insert into incident_link (detection_id, incident_id, incident_version, incident_status, linked_at,"
                + " updated_at) values (?1, ?2, 3, 'CONTAINED', now(), now())", detectionId, incidentId);

        given().get("/api/v1/systems/" + systemId + "/evidence").then().statusCode(200)
                .body("", hasSize(1)).body("[0].incidentId", equalTo(incidentId))
                .body("[0].detectionId", equalTo(detectionId)).body("[0].referenceVersion", equalTo(1))
                .body("[0].keptUntil", nullValue());

        // retention a day after the old telemetry: the free window goes, the held one and reference 1 stay
        Instant retentionCutoff = OLD.plus(Duration.ofDays(1));
        await(() -> telemetry.purge(retentionCutoff, Instant.now().minus(Duration.ofDays(1))));
        assertThat(inWindow(systemId, FREE_FROM)).as("telemetry no incident holds").isZero();
        assertThat(inWindow(systemId, HELD_FROM)).as("the window that raised the detection").isEqualTo(held.size());
        assertThat(count("select count(*) from prediction_batch where system_id = :s", systemId)).isEqualTo(1);
        assertThat(count("select count(*) from prediction_minute where system_id = :s", systemId))
                .as("the held window's minutes").isEqualTo(2);
        assertThat(count("select count(*) from reference_history where system_id = :s and version = 1", systemId))
                .isEqualTo(1);

        // closed two days ago, evidence kept one day after close: released, and the next purge takes it
        execute("update incident_link set incident_status = 'CLOSED', updated_at = now() - interval '2 days'"
                + " where detection_id = ?1", detectionId);
        await(() -> telemetry.purge(retentionCutoff, Instant.now().minus(Duration.ofDays(1))));
        assertThat(inWindow(systemId, HELD_FROM)).isZero();
        assertThat(count("select count(*) from prediction_batch where system_id = :s", systemId)).isZero();
        assertThat(count("select count(*) from reference_history where system_id = :s", systemId)).isZero();
        given().get("/api/v1/systems/" + systemId + "/reference").then().statusCode(200).body("version", equalTo(2));
    }
}
