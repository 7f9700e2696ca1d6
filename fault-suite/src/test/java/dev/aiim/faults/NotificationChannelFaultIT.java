package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.system.story.PlatformClient;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.INCIDENT;
import static dev.aiim.faults.FaultPlatform.Service.NOTIFICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 6: the channels fail and recover. A team's paging webhook answers 500, then holds every request 30 s,
 * then takes them; the SMTP relay is down, then up. Ten incidents open (each pages the on-call engineer through
 * the webhook) and are triaged (each tells its commander by email). Every planned notification ends SENT, taken
 * once by its receiver, or FAILED with its reason after its retries: none lost in between, none sent twice.
 */
@Tag("full")
class NotificationChannelFaultIT {

    private static final int INCIDENTS = 10;

    @Test
    void every_planned_notification_is_delivered_once_or_fails_visibly() throws Exception {
        FaultPlatform platform = FaultPlatform.get();
        FaultRun run = FaultRun.of("channels", 0);
        String team = "pager-team-" + run.id;
        List<String> systems = new ArrayList<>();
        try (FlakyWebhook webhook = new FlakyWebhook()) {
            prepare(run, team, webhook);
            for (int i = 0; i < INCIDENTS; i++) {
                String system = "channels-" + run.id + "-" + i;
                CLIENT.expect(201, "admin", "POST", FaultPlatform.Service.DETECTION.url("/api/v1/systems"), Map.of(
                        "id", system, "name", system, "ownerTeam", team, "riskTier", "STANDARD",
                        "knownGoodVersions", List.of(), "dataCategories", List.of(), "jurisdictions", List.of()));
                systems.add(system);
            }
            platform.stopMail();
            try {
                for (String system : systems) {
                    SignalLoad.post(run.ledger, run.token, system, "page-" + system);
                }
                Map<String, String> incidents = incidents(systems);
                await("the webhook failing under its pages").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200)).until(() -> webhook.attempts(FlakyWebhook.Mode.FAIL)
                                >= INCIDENTS);
                webhook.mode(FlakyWebhook.Mode.HANG);
                Instant hanging = Instant.now();
                for (Map.Entry<String, String> incident : incidents.entrySet()) {
                    CLIENT.expect(200, "commander", "POST", INCIDENT.url("/api/v1/incidents/" + incident.getValue()
                            + "/triage"), Map.of("decision", "CONFIRMED", "severity", "SEV3", "rationale",
                            "fault suite", "commander", Map.of("id", "cmdr-" + incident.getKey(), "name",
                                    "Commander of " + incident.getKey(), "email",
                                    incident.getKey() + "@faults.example")));
                }
                await("the webhook hanging for 30 s").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Duration.between(hanging, Instant.now()).toSeconds() >= 30
                                && webhook.attempts(FlakyWebhook.Mode.HANG) > 0);
                webhook.mode(FlakyWebhook.Mode.TAKE);
                platform.startMail();

                Map<String, List<JsonNode>> deliveries = await("every delivery SENT or FAILED")
                        .atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> deliveries(incidents.values()), all -> all.values().stream()
                                .allMatch(NotificationChannelFaultIT::settled));
                conclude(run, webhook, platform, incidents, deliveries);
            } finally {
                if (!platform.mail().isRunning()) {
                    platform.startMail();
                }
            }
        }
    }

    private static void conclude(FaultRun run, FlakyWebhook webhook, FaultPlatform platform,
                                 Map<String, String> incidents, Map<String, List<JsonNode>> deliveries)
            throws Exception {
        Map<String, Integer> taken = webhook.taken();
        // a mail is one delivery's when it went to the delivery's address with the delivery's subject
        Map<String, Integer> mailed = new HashMap<>();
        for (MimeMessage message : platform.mail().getReceivedMessages()) {
            for (var to : message.getRecipients(Message.RecipientType.TO)) {
                mailed.merge(((InternetAddress) to).getAddress() + " " + message.getSubject(), 1, Integer::sum);
            }
        }
        int planned = 0;
        int sent = 0;
        int failed = 0;
        int lost = 0;
        int duplicated = 0;
        List<String> problems = new ArrayList<>();
        for (List<JsonNode> list : deliveries.values()) {
            for (JsonNode delivery : list) {
                planned++;
                String status = delivery.get("status").asText();
                int received = "WEBHOOK".equals(delivery.get("channel").asText())
                        ? taken.getOrDefault(delivery.get("id").asText(), 0)
                        : mailed.getOrDefault(delivery.get("address").asText() + " " + delivery.get("subject").asText(),
                        0);
                if ("SENT".equals(status)) {
                    sent++;
                    lost += received == 0 ? 1 : 0;
                    duplicated += received > 1 ? 1 : 0;
                    if (received != 1) {
                        problems.add("SENT and received " + received + " times: " + delivery);
                    }
                } else if ("FAILED".equals(status)) {
                    failed++;
                    if (delivery.path("lastError").asText("").isBlank()) {
                        problems.add("failed without a reason: " + delivery);
                    }
                }
            }
        }
        long webhooks = deliveries.values().stream().flatMap(List::stream)
                .filter(d -> "WEBHOOK".equals(d.get("channel").asText())).count();
        long emails = deliveries.values().stream().flatMap(List::stream)
                .filter(d -> "EMAIL".equals(d.get("channel").asText())).count();

        ReliabilityTable.record(new ReliabilityTable.Row(6, "Paging webhook answering 500, then hanging 30 s, then "
                + "recovering; SMTP down, then up", INCIDENTS + " incidents paged and triaged: " + planned
                + " notifications planned (" + webhooks + " webhook, " + emails + " email), " + sent + " sent, "
                + failed + " failed visibly; webhook attempts: " + webhook.attempts(FlakyWebhook.Mode.FAIL)
                + " answered 500, " + webhook.attempts(FlakyWebhook.Mode.HANG) + " held, "
                + webhook.attempts(FlakyWebhook.Mode.TAKE) + " taken", planned, lost, duplicated,
                run.ledger.serverErrors(), "-", NotificationChannelFaultIT.class.getSimpleName()));
        assertThat(webhooks).as("a page for each incident").isGreaterThanOrEqualTo(INCIDENTS);
        assertThat(emails).as("a notice to each commander").isGreaterThanOrEqualTo(INCIDENTS);
        assertThat(problems).isEmpty();
        assertThat(lost).as("SENT, but the receiver never took it").isZero();
        assertThat(duplicated).as("taken more than once").isZero();
        assertThat(problems).isEmpty();
        assertThat(run.ledger.serverErrors()).as(run.ledger.tally()).isZero();
    }

    /** The webhook and email channels, the on-call engineer, the team's rotation and escalation, the routing. */
    private static void prepare(FaultRun run, String team, FlakyWebhook webhook) {
        String hook = CLIENT.expect(201, "admin", "POST", NOTIFICATION.url("/api/v1/channels"), Map.of("type",
                "WEBHOOK", "name", "Flaky pager " + run.id, "url", webhook.url(), "allowPrivateNetwork", true))
                .get("id").asText();
        String email = CLIENT.expect(201, "admin", "POST", NOTIFICATION.url("/api/v1/channels"), Map.of("type",
                "EMAIL", "name", "Mail " + run.id, "settings", Map.of("from", "incidents@faults.example")))
                .get("id").asText();
        String engineer = "oncall-" + run.id;
        CLIENT.expect(201, "admin", "POST", NOTIFICATION.url("/api/v1/people"), Map.of("id", engineer, "name",
                "On-call " + run.id, "email", engineer + "@faults.example", "seniorLeader", false, "contacts",
                List.of(Map.of("channelId", hook))));
        String schedule = "schedule-" + run.id;
        CLIENT.expect(201, "admin", "POST", NOTIFICATION.url("/api/v1/schedules"), Map.of("id", schedule, "name",
                "Rotation " + run.id, "layers", List.of(Map.of("name", "weekly", "participants", List.of(engineer),
                        "handoff", "WEEKLY", "handoffTime", "09:00", "zone", "UTC",
                        "start", LocalDate.now(ZoneOffset.UTC).minusDays(7).toString()))));
        String policy = "policy-" + run.id;
        CLIENT.expect(201, "admin", "POST", NOTIFICATION.url("/api/v1/escalation-policies"), Map.of("id", policy,
                "name", "Escalation " + run.id, "levels", List.of(Map.of("targets", List.of(Map.of("kind",
                        "SCHEDULE", "id", schedule)), "ackTimeoutMinutes", 60)), "repeat", 0));
        HttpResponse<String> current = CLIENT.call("admin", "GET", NOTIFICATION.url("/api/v1/routing"), null);
        ObjectNode routing = (ObjectNode) PlatformClient.read(current.body());
        routing.withObjectProperty("teamEscalationPolicies").put(team, policy);
        routing.put("defaultEmailChannelId", email);
        CLIENT.expect(200, "admin", "PUT", NOTIFICATION.url("/api/v1/routing"), routing, "If-Match",
                current.headers().firstValue("ETag").orElse("*"));
    }

    /** system -> its incident, once each has one */
    private static Map<String, String> incidents(List<String> systems) {
        Map<String, String> incidents = new HashMap<>();
        for (String system : systems) {
            JsonNode page = await("an incident for " + system).atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250)).until(() -> CLIENT.expect(200, "responder", "GET",
                            INCIDENT.url("/api/v1/incidents?systemId=" + system), null),
                            p -> p.get("total").asInt() > 0);
            incidents.put(system, page.at("/items/0/id").asText());
        }
        return incidents;
    }

    /** A page and a notice planned, and none still pending. */
    private static boolean settled(List<JsonNode> deliveries) {
        return deliveries.stream().anyMatch(d -> "WEBHOOK".equals(d.get("channel").asText()))
                && deliveries.stream().anyMatch(d -> "EMAIL".equals(d.get("channel").asText()))
                && deliveries.stream().noneMatch(d -> "PENDING".equals(d.get("status").asText()));
    }

    /** incident -> its deliveries */
    private static Map<String, List<JsonNode>> deliveries(Iterable<String> incidents) {
        Map<String, List<JsonNode>> all = new HashMap<>();
        for (String incident : incidents) {
            List<JsonNode> list = new ArrayList<>();
            CLIENT.expect(200, "admin", "GET", NOTIFICATION.url("/api/v1/deliveries?incidentId=" + incident), null)
                    .get("items").forEach(list::add);
            all.put(incident, list);
        }
        return all;
    }
}
