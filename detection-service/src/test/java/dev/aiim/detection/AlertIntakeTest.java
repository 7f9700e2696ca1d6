package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.aiim.detection.IntakeFixtures.await;
import static dev.aiim.detection.IntakeFixtures.bearer;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** Alertmanager, Grafana and PagerDuty-style payloads become detections on the real Kafka topic. */
@QuarkusTest
class AlertIntakeTest {

    @Inject
    Integrations integrations;
    @Inject
    AiSystemRegistry registry;

    /** An Alertmanager v4 body with two alerts of one group (as in Alertmanager's own webhook code). */
    private static String alertmanager(String status, String run, String system) {
        return """
                {"version": "4", "groupKey": "{}:{alertname=\\"ApprovalRateDisparity\\"}", "truncatedAlerts": 0,
                 "status": "%1$s", "receiver": "aiim", "groupLabels": {"alertname": "ApprovalRateDisparity"},
                 "commonLabels": {"alertname": "ApprovalRateDisparity", "ai_system": "%3$s", "category": "fairness"},
                 "commonAnnotations": {"runbook_url": "https://runbooks.example/fairness"},
                 "externalURL": "http://alertmanager.example:9093",
                 "alerts": [
                  {"status": "%1$s", "labels": {"severity": "critical", "group": "age_60_plus"},
                   "annotations": {"summary": "Approval rate for 60+ is 0.2 of the reference group (%2$s)"},
                   "startsAt": "2026-03-17T08:55:00Z", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://prometheus.example/graph?g0.expr=disparity", "fingerprint": "a-%2$s"},
                  {"status": "%1$s", "labels": {"severity": "warning", "group": "age_18_25"},
                   "annotations": {"summary": "Approval rate for 18-25 is 0.7 of the reference group (%2$s)"},
                   "startsAt": "2026-03-17T08:56:00Z", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://prometheus.example/graph?g0.expr=disparity", "fingerprint": "b-%2$s"}
                 ]}""".formatted(status, run, system);
    }

    private static List<ConsumerRecord<String, String>> onTopic(String ceId) {
        return KafkaTestClient.readUntil(Topics.DETECTIONS, r -> ceId.equals(KafkaTestClient.header(r, "ce_id")),
                Duration.ofSeconds(20));
    }

    private static long rows(String sql, String param) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Long.class)
                .setParameter("p", param).getSingleResult())));
    }

    /** Deduplication runs behind the alert log: waits until the count comes to {@code expected} (and asserts it). */
    private static void eventuallyRows(String sql, String param, long expected) {
        Awaitility.await(sql).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> rows(sql, param) == expected);
        assertThat(rows(sql, param)).isEqualTo(expected);
    }

    @Test
    void an_integration_bound_to_a_system_speaks_for_that_system_only() {
        Integrations.Issued bound = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER,
                "credit-scoring");
        String run = UUID.randomUUID().toString();
        problem(bearer(bound, alertmanager("firing", run, "recsys")).post("/api/v1/intake/alertmanager"), 403,
                "forbidden").body("detail", containsString("speaks for AI system 'credit-scoring' only"));
        assertThat(rows("select count(*) from raised_detection where dedup_key like :p", "%" + run)).isZero();
        // its own system, named or not, is fine
        bearer(bound, alertmanager("firing", run, "credit-scoring")).post("/api/v1/intake/alertmanager").then()
                .statusCode(202).body("accepted", equalTo(2));
    }

    @Test
    void an_unbound_integration_never_invents_a_system_the_registry_does_not_know() {
        Integrations.Issued shared = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null);
        String run = UUID.randomUUID().toString();
        String invented = "invented-" + run.substring(0, 8);
        List<String> ids = bearer(shared, alertmanager("firing", run, invented)).post("/api/v1/intake/alertmanager")
                .then().statusCode(202).body("accepted", equalTo(2)).extract().path("detectionIds");
        DetectionRaised raised = EventJson.read(onTopic(ids.get(0)).get(0).value(), DetectionRaised.class);
        assertThat(raised.systemId()).isNull();
        assertThat(raised.correlationKey()).startsWith(shared.integration().id() + ":");
        assertThat(raised.evidence()).containsEntry("unregisteredSystem", invented);
        assertThat(raised.labels()).doesNotContainKey("ai_system");
    }

    @Test
    void alertmanager_firing_alerts_raise_repeats_are_counted_and_resolutions_follow() {
        Integrations.Issued am = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null);
        String run = UUID.randomUUID().toString();
        List<String> ids = bearer(am, alertmanager("firing", run, "credit-scoring"))
                .post("/api/v1/intake/alertmanager").then().statusCode(202)
                .body("accepted", equalTo(2)).body("detectionIds", hasSize(2))
                .extract().path("detectionIds");

        DetectionRaised first = EventJson.read(onTopic(ids.get(0)).get(0).value(), DetectionRaised.class);
        assertThat(first.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        assertThat(first.suggestedSeverity()).isEqualTo(Severity.SEV1);
        assertThat(first.systemId()).isEqualTo("credit-scoring");
        assertThat(first.correlationKey()).isEqualTo("credit-scoring:BIAS_FAIRNESS");
        assertThat(first.summary()).startsWith("Approval rate for 60+");
        assertThat(first.integrationId()).isEqualTo(am.integration().id());
        assertThat(first.labels()).containsEntry("group", "age_60_plus");
        assertThat(first.evidence()).containsEntry("groupKey", "{}:{alertname=\"ApprovalRateDisparity\"}");
        DetectionRaised second = EventJson.read(onTopic(ids.get(1)).get(0).value(), DetectionRaised.class);
        assertThat(second.suggestedSeverity()).isEqualTo(Severity.SEV3);

        // Alertmanager re-sends firing groups on every repeat interval: counted, not raised again.
        bearer(am, alertmanager("firing", run, "credit-scoring")).post("/api/v1/intake/alertmanager").then()
                .statusCode(202).body("detectionIds", equalTo(ids));
        eventuallyRows("select count(*) from raised_detection where dedup_key like :p", "%" + run, 2);
        eventuallyRows("select sum(repeats) from raised_detection where dedup_key like :p", "%" + run, 2);

        bearer(am, alertmanager("resolved", run, "credit-scoring")).post("/api/v1/intake/alertmanager").then()
                .statusCode(202).body("detectionIds", equalTo(ids));
        DetectionResolved resolved = EventJson.read(onTopic(ids.get(0) + ":resolved").get(0).value(),
                DetectionResolved.class);
        assertThat(resolved.detectionId()).isEqualTo(ids.get(0));
        assertThat(resolved.correlationKey()).isEqualTo("credit-scoring:BIAS_FAIRNESS");
    }

    @Test
    void the_same_alert_sent_concurrently_raises_once() throws Exception {
        // Alertmanager replicas in a cluster each send the same group: the requests race on one fingerprint.
        Integrations.Issued am = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null);
        String run = UUID.randomUUID().toString();
        int senders = 6;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < senders; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return bearer(am, alertmanager("firing", run, "credit-scoring")).post("/api/v1/intake/alertmanager")
                            .then().statusCode(202).extract().<List<String>>path("detectionIds");
                }));
            }
            start.countDown();
            java.util.Set<List<String>> distinct = new java.util.HashSet<>();
            for (var answer : answers) {
                distinct.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(distinct).as("every sender is told the same two detections").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        eventuallyRows("select sum(repeats) from raised_detection where dedup_key like :p", "%" + run,
                2L * (senders - 1));
        assertThat(rows("select count(*) from raised_detection where dedup_key like :p", "%" + run)).isEqualTo(2);
    }

    @Test
    void a_grafana_webhook_raises_with_its_links_kept_as_evidence() {
        String chatBot = "chat-bot-" + UUID.randomUUID().toString().substring(0, 8);
        await(() -> registry.register(new AiSystem(chatBot, "Support chat bot", null, "cx-ml", null, RiskTier.STANDARD,
                "7", List.of("6"), List.of(), List.of("EU"), null, 1), "test-admin"));
        Integrations.Issued grafana = IntakeFixtures.integration(integrations, IntegrationType.GRAFANA, chatBot);
        String run = UUID.randomUUID().toString();
        String id = bearer(grafana, """
                {"receiver": "aiim", "status": "firing", "orgId": 1, "version": "1", "groupKey": "{}/{}:{}",
                 "title": "[FIRING:1] Toxic output rate", "state": "alerting", "message": "rate above 2%%",
                 "groupLabels": {}, "commonLabels": {"alertname": "ToxicOutputRate"}, "commonAnnotations": {},
                 "externalURL": "http://grafana.example/", "truncatedAlerts": 0,
                 "alerts": [{"status": "firing", "labels": {"alertname": "ToxicOutputRate", "category": "SAFETY",
                   "severity": "high", "grafana_folder": "AI"}, "annotations": {"summary": "Toxic outputs at 3.1%%"},
                   "startsAt": "2026-03-17T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://grafana.example/alerting/grafana/x/view", "fingerprint": "g-%s",
                   "silenceURL": "http://grafana.example/silence", "dashboardURL": "http://grafana.example/d/ai",
                   "panelURL": "http://grafana.example/d/ai?viewPanel=2", "values": {"B": 3.1, "C": 1}}]}
                """.formatted(run)).post("/api/v1/intake/grafana").then().statusCode(202)
                .body("accepted", equalTo(1)).extract().path("detectionIds[0]");
        DetectionRaised raised = EventJson.read(onTopic(id).get(0).value(), DetectionRaised.class);
        assertThat(raised.category()).isEqualTo(IncidentCategory.SAFETY);
        assertThat(raised.suggestedSeverity()).isEqualTo(Severity.SEV2);
        assertThat(raised.systemId()).as("from the integration's binding").isEqualTo(chatBot);
        assertThat(raised.evidence().get("alert").toString()).contains("dashboardURL");
    }

    @Test
    void pagerduty_style_senders_trigger_and_resolve_with_pagerdutys_answers() {
        Integrations.Issued pd = IntakeFixtures.integration(integrations, IntegrationType.PAGERDUTY_EVENTS_V2, null);
        String dedup = "pd-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
                 "payload": {"summary": "Recommendation CTR dropped 40%%", "source": "recsys-prod",
                  "severity": "error", "timestamp": "2026-03-17T09:00:00Z",
                  "custom_details": {"ai_system": "recsys", "category": "PERFORMANCE_DEGRADATION", "ctr": 0.012}}}
                """.formatted(pd.token(), dedup)).post("/api/v1/intake/pagerduty/v2/enqueue").then().statusCode(202)
                .body("status", equalTo("success")).body("message", equalTo("Event processed"))
                .body("dedup_key", equalTo(dedup));
        // PagerDuty's events carry no firing episode: what became of one is asked by its dedup key
        String detectionId = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().auth().oauth2(IntakeFixtures.responderToken()).queryParam("dedupKey", dedup)
                        .get("/api/v1/detections").then().statusCode(200).extract()
                        .<String>path("items[0].detectionId"),
                        java.util.Objects::nonNull);
        given().auth().oauth2(IntakeFixtures.responderToken()).queryParam("dedupKey", dedup)
                .queryParam("integrationId", pd.integration().id()).get("/api/v1/detections").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("OPEN"))
                .body("items[0].dedupKey", equalTo(dedup)).body("items[0].repeats", equalTo(0));
        DetectionRaised raised = EventJson.read(onTopic(detectionId).get(0).value(), DetectionRaised.class);
        assertThat(raised.systemId()).isEqualTo("recsys");
        assertThat(raised.suggestedSeverity()).isEqualTo(Severity.SEV2);
        assertThat(raised.evidence().toString()).doesNotContain(pd.token());

        given().contentType(ContentType.JSON).body("""
                {"routing_key": "%s", "event_action": "resolve", "dedup_key": "%s"}""".formatted(pd.token(), dedup))
                .post("/api/v1/intake/pagerduty/v2/enqueue").then().statusCode(202).body("dedup_key", equalTo(dedup));
        assertThat(onTopic(detectionId + ":resolved")).hasSize(1);
        given().auth().oauth2(IntakeFixtures.responderToken()).queryParam("dedupKey", dedup).get("/api/v1/detections")
                .then().statusCode(200).body("items[0].status", equalTo("RESOLVED"));
        // who may ask, and how
        problem(given().auth().oauth2(IntakeFixtures.responderToken()).get("/api/v1/detections"), 400, "validation");
    }

    @Test
    void pagerduty_invalid_events_get_pagerdutys_error_shape_and_bad_keys_401() {
        Integrations.Issued pd = IntakeFixtures.integration(integrations, IntegrationType.PAGERDUTY_EVENTS_V2, null);
        given().contentType(ContentType.JSON).body("{\"routing_key\": \"%s\", \"event_action\": \"trigger\"}"
                        .formatted(pd.token())).post("/api/v1/intake/pagerduty/v2/enqueue").then().statusCode(400)
                .body("status", equalTo("invalid event")).body("message", equalTo("Event object is invalid"))
                .body("errors", hasItem("payload is required for trigger events"));
        given().contentType(ContentType.JSON).body("{\"routing_key\": \"x\", \"event_action\": \"explode\"}")
                .post("/api/v1/intake/pagerduty/v2/enqueue").then().statusCode(400)
                .body("errors", hasItem("eventAction must be trigger, acknowledge or resolve"));
        given().contentType(ContentType.JSON).body("{oops").post("/api/v1/intake/pagerduty/v2/enqueue").then()
                .statusCode(400).body("status", equalTo("invalid event"));
        // fault suite, fault 8: the errors are plain words, never Jackson's text with our Java type names
        given().contentType(ContentType.JSON).body("[1, 2]").post("/api/v1/intake/pagerduty/v2/enqueue").then()
                .statusCode(400).body("errors[0]", equalTo("The body must be an object"))
                .body("errors[0]", not(containsString("PagerDutyEvent")));
        problem(given().contentType(ContentType.JSON).body("""
                {"routing_key": "aiim_it_wrong", "event_action": "trigger",
                 "payload": {"summary": "s", "source": "x", "severity": "info"}}""")
                .post("/api/v1/intake/pagerduty/v2/enqueue"), 401, "unauthenticated");
    }

    @Test
    void bad_webhook_bodies_are_400_and_publish_nothing() {
        Integrations.Issued am = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null);
        problem(bearer(am, "{\"version\": 4 4}").post("/api/v1/intake/alertmanager"), 400, "malformed-request");
        problem(bearer(am, "{\"version\": \"4\", \"status\": \"firing\"}").post("/api/v1/intake/alertmanager"), 400,
                "validation").body("errors[0].field", equalTo("alerts"));
        problem(bearer(am, "{\"version\": \"4\", \"alerts\": [{\"status\": \"burning\", \"labels\": {}}]}")
                .post("/api/v1/intake/alertmanager"), 400, "validation")
                .body("errors[0].field", equalTo("alerts[0].status"));
        problem(bearer(am, alertmanager("firing", "wrong-endpoint", "x")).post("/api/v1/intake/grafana"), 401,
                "unauthenticated");
    }
}
