package dev.aiim.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.EventJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.aiim.system.Platform.Service.DETECTION;
import static dev.aiim.system.Platform.Service.INCIDENT;
import static dev.aiim.system.Platform.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, part 2: monitoring systems' senders against the packaged services. An Alertmanager group raises
 * detections, its repeat is deduplicated, one incident opens for the system, and the resolution is taken;
 * Grafana Alerting raises, deduplicates and resolves; a PagerDuty Events v2 sender triggers and resolves with
 * PagerDuty's answers.
 */
class AlertSendersIT {

    @BeforeAll
    static void platform() throws Exception {
        Platform.start();
    }

    /** Registers an AI system of its own for the test (no client, no known-good versions). */
    private static void register(String system, String ownerTeam, String riskTier) throws Exception {
        HttpResponse<String> created = call("admin", "POST", DETECTION.url("/api/v1/systems"), "{\"id\": \"" + system
                + "\", \"name\": \"" + system + "\", \"ownerTeam\": \"" + ownerTeam + "\", \"riskTier\": \"" + riskTier
                + "\", \"knownGoodVersions\": [], \"dataCategories\": [], \"jurisdictions\": []}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static String integration(String type, String systemId) throws Exception {
        HttpResponse<String> created = call("admin", "POST", DETECTION.url("/api/v1/integrations"),
                "{\"name\": \"" + type + " " + systemId + "\", \"type\": \"" + type + "\", \"systemId\": \"" + systemId + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return EventJson.mapper().readTree(created.body()).get("token").asText();
    }

    private static HttpResponse<String> send(String path, String token, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(DETECTION.url(path)))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Platform.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String alertmanager(String status, String system) {
        return """
                {"version": "4", "groupKey": "{}:{alertname=\\"ApprovalRateDisparity\\"}", "truncatedAlerts": 0,
                 "status": "%1$s", "receiver": "aiim", "groupLabels": {"alertname": "ApprovalRateDisparity"},
                 "commonLabels": {"alertname": "ApprovalRateDisparity", "ai_system": "%2$s", "category": "fairness"},
                 "commonAnnotations": {}, "externalURL": "http://alertmanager.example:9093",
                 "alerts": [
                  {"status": "%1$s", "labels": {"severity": "critical", "group": "age_60_plus"},
                   "annotations": {"summary": "Approval rate for 60+ is 0.2 of the reference group"},
                   "startsAt": "2026-11-26T08:55:00Z", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://prometheus.example/graph", "fingerprint": "a-%2$s"}
                 ]}""".formatted(status, system);
    }

    @Test
    void alertmanager_raises_deduplicates_opens_one_incident_and_resolves() throws Exception {
        String system = "alerts-" + UUID.randomUUID().toString().substring(0, 8);
        register(system, "risk-ml", "HIGH");
        String token = integration("ALERTMANAGER", system);

        HttpResponse<String> fired = send("/api/v1/intake/alertmanager", token, alertmanager("firing", system));
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(202);
        JsonNode first = EventJson.mapper().readTree(fired.body());
        assertThat(first.get("accepted").asInt()).isEqualTo(1);
        String detectionId = first.get("detectionIds").get(0).asText();
        JsonNode again = EventJson.mapper().readTree(send("/api/v1/intake/alertmanager", token,
                alertmanager("firing", system)).body());
        assertThat(again.get("detectionIds").get(0).asText()).as("a repeat joins its detection").isEqualTo(detectionId);

        JsonNode incidents = await("an incident opened for system " + system).atMost(Duration.ofSeconds(60))
                .until(() -> EventJson.mapper().readTree(call("responder", "GET",
                        INCIDENT.url("/api/v1/incidents?systemId=" + system), null).body()),
                        page -> page.get("total").asInt() > 0);
        assertThat(incidents.get("total").asInt()).as("one incident for the system").isEqualTo(1);
        assertThat(incidents.at("/items/0/status").asText()).isEqualTo("DETECTED");
        assertThat(incidents.at("/items/0/category").asText()).isEqualTo("BIAS_FAIRNESS");

        HttpResponse<String> resolved = send("/api/v1/intake/alertmanager", token, alertmanager("resolved", system));
        assertThat(resolved.statusCode()).isEqualTo(202);
        assertThat(EventJson.mapper().readTree(resolved.body()).get("detectionIds").get(0).asText()).isEqualTo(detectionId);
        assertThat(send("/api/v1/intake/alertmanager", "wrong-token", alertmanager("firing", system)).statusCode())
                .isEqualTo(401);
    }

    private static String grafana(String status, String fingerprint) {
        return """
                {"receiver": "aiim", "status": "%1$s", "orgId": 1, "version": "1", "groupKey": "{}/{}:{}",
                 "title": "[FIRING:1] Toxic output rate", "state": "alerting", "message": "rate above 2%%",
                 "groupLabels": {}, "commonLabels": {"alertname": "ToxicOutputRate"}, "commonAnnotations": {},
                 "externalURL": "http://grafana.example/", "truncatedAlerts": 0,
                 "alerts": [{"status": "%1$s", "labels": {"alertname": "ToxicOutputRate", "category": "SAFETY",
                   "severity": "high"}, "annotations": {"summary": "Toxic outputs at 3.1%%"},
                   "startsAt": "2026-11-26T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                   "generatorURL": "http://grafana.example/alerting/x/view", "fingerprint": "%2$s",
                   "dashboardURL": "http://grafana.example/d/ai", "values": {"B": 3.1}}]}""".formatted(status, fingerprint);
    }

    @Test
    void grafana_alerting_raises_deduplicates_and_resolves() throws Exception {
        String system = "grafana-" + UUID.randomUUID().toString().substring(0, 8);
        register(system, "cx-ml", "STANDARD");
        String token = integration("GRAFANA", system);
        String fingerprint = "g-" + UUID.randomUUID();
        HttpResponse<String> fired = send("/api/v1/intake/grafana", token, grafana("firing", fingerprint));
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(202);
        String detectionId = EventJson.mapper().readTree(fired.body()).get("detectionIds").get(0).asText();
        assertThat(EventJson.mapper().readTree(send("/api/v1/intake/grafana", token, grafana("firing", fingerprint))
                .body()).get("detectionIds").get(0).asText()).isEqualTo(detectionId);
        HttpResponse<String> resolved = send("/api/v1/intake/grafana", token, grafana("resolved", fingerprint));
        assertThat(resolved.statusCode()).isEqualTo(202);
        assertThat(EventJson.mapper().readTree(resolved.body()).get("detectionIds").get(0).asText()).isEqualTo(detectionId);
    }

    @Test
    void a_pagerduty_style_sender_triggers_and_resolves_with_pagerdutys_answers() throws Exception {
        String system = "pd-" + UUID.randomUUID().toString().substring(0, 8);
        register(system, "recsys", "STANDARD");
        String token = integration("PAGERDUTY_EVENTS_V2", system);
        String dedup = "pd-" + UUID.randomUUID();
        String trigger = """
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
                 "payload": {"summary": "Recommendation CTR dropped 40%%", "source": "recsys-prod", "severity": "error",
                  "custom_details": {"ai_system": "%s", "category": "PERFORMANCE_DEGRADATION"}}}""".formatted(token, dedup, system);
        HttpResponse<String> triggered = send("/api/v1/intake/pagerduty/v2/enqueue", null, trigger);
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        assertThat(triggered.body()).contains("\"status\":\"success\"", "\"dedup_key\":\"" + dedup + "\"");
        HttpResponse<String> resolved = send("/api/v1/intake/pagerduty/v2/enqueue", null,
                "{\"routing_key\": \"" + token + "\", \"event_action\": \"resolve\", \"dedup_key\": \"" + dedup + "\"}");
        assertThat(resolved.statusCode()).isEqualTo(202);
        assertThat(resolved.body()).contains("\"dedup_key\":\"" + dedup + "\"");
    }
}
