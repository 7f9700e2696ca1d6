package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.faults.FaultPlatform.Service;
import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.DETECTION;
import static dev.aiim.faults.FaultPlatform.Service.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 11: an admin moves the platform's clock two hours ahead (as a game day or the demo does). Real senders
 * sign with real time: a request signed now is still accepted, one signed ten minutes ago is still refused (the
 * replay window keeps real time); and the incident's timers keep the platform's time: a triage due within the
 * hour is overdue once the clock has moved past it.
 */
@Tag("ci")
class ClockMoveFaultIT {

    @Test
    void moving_the_platform_clock_breaks_neither_real_senders_signatures_nor_timers() throws Exception {
        FaultRun run = FaultRun.of("clock", 1);
        String system = run.systems.get(0);
        JsonNode integration = CLIENT.expect(201, "admin", "POST", DETECTION.url("/api/v1/integrations"), Map.of(
                "name", "signed " + run.id, "type", "GENERIC", "systemId", system));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String incident = CLIENT.expect(201, "commander", "POST", INCIDENT.url("/api/v1/incidents"), Map.of(
                "title", "Clock " + run.id, "description", "fault suite", "systemId", system, "category",
                "SAFETY", "occurredAt", now.minusSeconds(600).toString(), "detectedAt",
                now.toString(), "source", "MANUAL", "simulation", false)).get("id").asText();
        assertThat(CLIENT.expect(200, "commander", "GET", INCIDENT.url("/api/v1/incidents/" + incident), null)
                .get("overdue")).as("nothing overdue yet").isEmpty();

        int signedNow;
        int signedEarlier;
        JsonNode moved;
        try {
            for (Service service : Service.values()) {
                CLIENT.expect(200, "admin", "PUT", service.url("/api/v1/admin/clock"), Map.of("offsetSeconds", 7200,
                        "reason", "fault suite: the clock moves two hours ahead"));
            }
            signedNow = signed(run, integration, system, Instant.now(), "now");
            signedEarlier = signed(run, integration, system, Instant.now().minus(Duration.ofMinutes(10)), "earlier");
            moved = await("the triage due within the hour overdue on the moved clock").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> CLIENT.expect(200, "commander", "GET", INCIDENT.url("/api/v1/incidents/" + incident),
                            null), view -> view.get("overdue").toString().contains("TRIAGE"));
        } finally {
            for (Service service : Service.values()) {
                CLIENT.expect(200, "admin", "DELETE", service.url("/api/v1/admin/clock"), null);
            }
        }

        ReliabilityTable.record(new ReliabilityTable.Row(11, "The platform clock moved two hours ahead (admin clock):"
                + " real senders' signatures and the incident's timers", run.ledger.tally() + "; overdue after the "
                + "move: " + moved.get("overdue"), run.ledger.count(202), 0, 0, run.ledger.serverErrors(), "-",
                getClass().getSimpleName()));
        assertThat(signedNow).as("a request signed with real time, after the clock moved").isEqualTo(202);
        assertThat(signedEarlier).as("a request signed ten real minutes ago").isEqualTo(401);
        assertThat(run.ledger.serverErrors()).as(run.ledger.tally()).isZero();
    }

    /** A signal signed with the integration's secret at {@code at} (Unix seconds); answers the status. */
    private static int signed(FaultRun run, JsonNode integration, String system, Instant at, String which)
            throws Exception {
        String body = PlatformClient.write(Map.of("systemId", system, "category", "SAFETY", "summary",
                "Signed " + which + " " + run.id, "dedupKey", "signed-" + which + "-" + run.id));
        String timestamp = String.valueOf(at.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(integration.get("signingSecret").asText().getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "v1=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> answer = CLIENT.call(null, "POST", DETECTION.url("/api/v1/intake/signals"), body,
                "X-AIIM-Timestamp", timestamp, "X-AIIM-Signature", signature, "X-AIIM-Integration",
                integration.get("id").asText());
        run.ledger.answered(answer.statusCode());
        return answer.statusCode();
    }
}
