package dev.aiim.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.notification.PageAcknowledged;
import dev.aiim.notification.domain.StandardWebhookSignature;
import dev.aiim.notification.service.NotificationWorkers;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.aiim.notification.NotificationTestKit.HTTP;
import static dev.aiim.notification.NotificationTestKit.awaitEveryWorkerPolled;
import static dev.aiim.notification.NotificationTestKit.channel;
import static dev.aiim.notification.NotificationTestKit.count;
import static dev.aiim.notification.NotificationTestKit.deliveries;
import static dev.aiim.notification.NotificationTestKit.mailTo;
import static dev.aiim.notification.NotificationTestKit.person;
import static dev.aiim.notification.NotificationTestKit.requestsAbout;
import static dev.aiim.notification.NotificationTestKit.routing;
import static dev.aiim.notification.NotificationTestKit.subject;
import static dev.aiim.notification.NotificationTestKit.text;
import static dev.aiim.notification.NotificationTestKit.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An incident's events on the real Kafka broker become the right messages to the right people on all five
 * channel types, received by real local servers (GreenMail, WireMock); redelivered events send nothing
 * twice; failing and slow channels are retried without holding up the others.
 */
@QuarkusTest
class NotificationFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Clock clock;
    @Inject
    NotificationWorkers workers;

    /** The channels, people, schedule, policy and routing of one test, all named with its suffix. */
    record Setup(String u, String email, String slack, String teams, String webhook, String webhookSecret, String sms) {
    }

    Setup setUp(String smsStatusPath) {
        String u = UUID.randomUUID().toString().substring(0, 8);
        HTTP.stubFor(post(urlPathMatching("/(slack|teams|hooks)/" + u)).willReturn(aResponse().withStatus(200)));
        HTTP.stubFor(post(urlPathMatching("/sms/" + u + "/.*")).willReturn(aResponse().withStatus(201)
                .withBody("{\"sid\": \"SM1\"}")));
        String email = channel("{\"type\": \"EMAIL\", \"name\": \"email-" + u + "\", \"settings\": {\"from\":"
                + " \"incidents@bank.example\"}}").getString("id");
        String slack = channel("{\"type\": \"SLACK\", \"name\": \"slack-" + u + "\", \"url\": \"" + url("/slack/" + u)
                + "\", \"allowPrivateNetwork\": true}").getString("id");
        String teams = channel("{\"type\": \"TEAMS\", \"name\": \"teams-" + u + "\", \"url\": \"" + url("/teams/" + u)
                + "\", \"allowPrivateNetwork\": true}").getString("id");
        JsonPath hook = channel("{\"type\": \"WEBHOOK\", \"name\": \"hook-" + u + "\", \"url\": \"" + url("/hooks/" + u)
                + "\", \"allowPrivateNetwork\": true}");
        String sms = channel("{\"type\": \"SMS\", \"name\": \"sms-" + u + "\", \"url\": \"" + url("/sms/" + u)
                + "\", \"secret\": \"sms-token-" + u + "\", \"settings\": {\"accountSid\": \"AC" + u
                + "\", \"from\": \"+15550001111\"}, \"allowPrivateNetwork\": true}").getString("id");
        person("oncall-" + u, "Olu On-call", "[{\"channelId\": \"" + sms + "\", \"address\": \"+4915100000001\"},"
                + " {\"channelId\": \"" + email + "\", \"address\": \"oncall-" + u + "@bank.example\"}]");
        person("commander-" + u, "Casey Commander", "[{\"channelId\": \"" + email + "\", \"address\": \"commander-" + u
                + "@bank.example\"}]");
        person("comms-" + u, "Cam Comms", "[{\"channelId\": \"" + slack + "\"}]");
        person("lead-" + u, "Lee Leader", "[{\"channelId\": \"" + teams + "\"}]");
        person("compliance-" + u, "Cora Compliance", "[{\"channelId\": \"" + hook.getString("id") + "\"}]");
        NotificationTestKit.post("/api/v1/schedules", "{\"id\": \"sched-" + u + "\", \"name\": \"Risk ML primary\","
                + " \"layers\": [{\"participants\": [\"oncall-" + u + "\"], \"handoff\": \"WEEKLY\", \"handoffTime\":"
                + " \"09:00\", \"zone\": \"Europe/Berlin\", \"start\": \"2026-01-05\"}]}");
        NotificationTestKit.post("/api/v1/escalation-policies", "{\"id\": \"pol-" + u + "\", \"name\": \"Risk ML\","
                + " \"levels\": [{\"targets\": [{\"kind\": \"SCHEDULE\", \"id\": \"sched-" + u + "\"}],"
                + " \"ackTimeoutMinutes\": 5}]}");
        routing("{\"teamEscalationPolicies\": {\"team-" + u + "\": \"pol-" + u + "\"}, \"leadership\": [\"lead-" + u
                + "\"], \"compliance\": [\"compliance-" + u + "\"], \"clientChannelId\": \"" + email + "\","
                + " \"defaultEmailChannelId\": \"" + email + "\"}");
        return new Setup(u, email, slack, teams, hook.getString("id"), hook.getString("signingSecret"), sms);
    }

    @Test
    @TestSecurity(user = "ada", roles = {"admin", "responder"})
    void an_incidents_life_reaches_the_right_people_on_five_channels_once() throws Exception {
        Setup s = setUp(null);
        String u = s.u();
        IncidentStory.registerSystem("sys-" + u, "team-" + u, "client-" + u + "@bank.example");
        await("the AI system replicated").atMost(WAIT)
                .until(() -> count("select count(*) from ai_system where id = ?1", "sys-" + u) == 1);

        IncidentStory story = new IncidentStory("inc-" + u, "sys-" + u, false, clock);
        Instant now = clock.instant();
        story.opened()
                .role(IncidentRole.INCIDENT_COMMANDER, "commander-" + u, "Casey Commander", null)
                .role(IncidentRole.COMMUNICATIONS_LEAD, "comms-" + u, "Cam Comms", null)
                .triaged(Severity.SEV1)
                .assessed(List.of(new RegulatoryDeadline("gdpr-art33", "notify the supervisory authority", now,
                        now.plus(Duration.ofHours(72)))));

        // page (SMS), 2 role notices (email, Slack), triage to commander, comms, client, leadership, compliance
        int expected = 8;
        await("all " + expected + " deliveries sent").atMost(WAIT)
                .until(() -> deliveries(story.incidentId).getList("items.findAll { it.status == 'SENT' }")
                .size() == expected);
        JsonPath log = deliveries(story.incidentId);
        assertThat(log.getInt("total")).isEqualTo(expected);
        assertThat(log.getList("items.channel", String.class))
                .containsExactlyInAnyOrder("SMS", "EMAIL", "SLACK", "EMAIL", "SLACK", "EMAIL", "TEAMS", "WEBHOOK");
        assertThat(log.getList("items.attempts", Integer.class)).containsOnly(1);
        assertThat(log.getList("items.sentAt")).doesNotContainNull();

        // SMS page through the Twilio-compatible gateway, with the signed acknowledgement link
        List<LoggedRequest> smsRequests = requestsAbout(
                "/sms/" + u + "/2010-04-01/Accounts/AC" + u + "/Messages.json", story.incidentId);
        assertThat(smsRequests).hasSize(1);
        String form = URLDecoder.decode(smsRequests.get(0).getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(form).contains("To=+4915100000001", "From=+15550001111", "[SEV1] New incident: triage needed",
                "/pages/pg-", "token=");
        assertThat(smsRequests.get(0).getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("AC" + u + ":sms-token-" + u).getBytes(StandardCharsets.UTF_8)));

        // email to the commander: the triage notice says what is known, what is done, when the next update comes
        List<MimeMessage> commanderMail = mailTo("commander-" + u + "@bank.example");
        assertThat(commanderMail).hasSize(2);
        MimeMessage triage = commanderMail.stream().filter(m -> subject(m).contains("Incident confirmed")).findFirst()
                .orElseThrow();
        assertThat(subject(triage)).isEqualTo("[SEV1] Incident confirmed as SEV1: Credit model denies applicants"
                + " aged 60+ (inc-" + u + ")");
        assertThat(triage.getFrom()[0].toString()).isEqualTo("incidents@bank.example");
        assertThat(text(triage)).contains("What is known: Credit model denies applicants aged 60+",
                "What is being done: Response team: incident commander Casey Commander, communications lead Cam Comms",
                "Next update: by ", "Incident: http://127.0.0.1:8082/console/incidents/inc-" + u);
        assertThat(mailTo("client-" + u + "@bank.example")).hasSize(1);

        // Slack Block Kit, Teams Adaptive Card
        List<LoggedRequest> slack = requestsAbout("/slack/" + u, story.incidentId);
        assertThat(slack).hasSize(2);
        JsonNode block = EventJson.mapper().readTree(slack.get(slack.size() - 1).getBodyAsString());
        assertThat(block.at("/blocks/0/type").asText()).isEqualTo("header");
        assertThat(block.at("/text").asText()).contains("inc-" + u);
        List<LoggedRequest> teams = requestsAbout("/teams/" + u, story.incidentId);
        assertThat(teams).hasSize(1);
        JsonNode card = EventJson.mapper().readTree(teams.get(0).getBodyAsString());
        assertThat(card.at("/attachments/0/contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");

        // the compliance webhook is signed per Standard Webhooks with the secret shown at creation
        List<LoggedRequest> hooks = requestsAbout("/hooks/" + u, story.incidentId);
        assertThat(hooks).hasSize(1);
        LoggedRequest hook = hooks.get(0);
        assertThat(StandardWebhookSignature.verify(s.webhookSecret(), hook.getHeader("webhook-id"),
                hook.getHeader("webhook-timestamp"), hook.getBody(), hook.getHeader("webhook-signature"),
                Instant.now())).isTrue();
        assertThat(EventJson.mapper().readTree(hook.getBodyAsString()).at("/type").asText())
                .isEqualTo("incident.regulatory-assessment-recorded");

        // every outcome is on aiim.notifications.v1
        Set<String> ids = new HashSet<>(log.getList("items.id", String.class));
        Set<String> published = new HashSet<>();
        KafkaTestClient.readUntil(Topics.NOTIFICATIONS, r -> {
            if ("notification.sent.v1".equals(KafkaTestClient.header(r, "ce_type")) && ids.stream().anyMatch(
                    id -> r.value().contains(id))) {
                published.add(KafkaTestClient.header(r, "ce_id"));
            }
            return published.size() == expected;
        }, WAIT);
        assertThat(published).hasSize(expected);

        // the same events again, under the same and under new message ids: nothing more is sent
        story.replay();
        story.replayUnderNewIds();
        await("the replayed events applied").atMost(WAIT)
                .until(() -> count("select count(*) from processed_message where message_id like ?1",
                "inc-" + u + "-e%-again") == 5);
        awaitEveryWorkerPolled(workers); // anything wrongly queued would have gone out by now
        assertThat(deliveries(story.incidentId).getInt("total")).isEqualTo(expected);
        assertThat(mailTo("commander-" + u + "@bank.example")).hasSize(2);
        assertThat(requestsAbout("/(slack|teams|hooks|sms)/" + u + ".*", story.incidentId)).hasSize(5);
    }

    @Test
    @TestSecurity(user = "ada", roles = {"admin", "responder"})
    void a_channel_answering_500_then_200_is_retried_and_a_slow_one_does_not_delay_the_email() throws Exception {
        Setup s = setUp(null);
        String u = s.u();
        // comms' Slack answers 500 (with Retry-After 0) once, then 200; the compliance webhook hangs past the timeout
        HTTP.stubFor(post(urlPathEqualTo("/slack/" + u)).inScenario("flaky-" + u).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Retry-After", "0")).willSetStateTo("recovered"));
        HTTP.stubFor(post(urlPathEqualTo("/slack/" + u)).inScenario("flaky-" + u).whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        HTTP.stubFor(post(urlPathEqualTo("/hooks/" + u)).willReturn(aResponse().withStatus(200).withFixedDelay(6_000)));
        routing("{\"leadership\": [\"commander-" + u + "\", \"comms-" + u + "\", \"compliance-" + u + "\"],"
                + " \"defaultEmailChannelId\": \"" + s.email() + "\"}");

        IncidentStory story = new IncidentStory("inc-" + u, "sys-none-" + u, false, clock);
        story.opened().triaged(Severity.SEV2); // SEV2: leadership hears, i.e. email, Slack and webhook

        await("the commander mailed").atMost(WAIT)
                .until(() -> mailTo("commander-" + u + "@bank.example", story.incidentId).size() == 1);
        await("the email delivery sent").atMost(WAIT).until(() -> status(story.incidentId, "EMAIL").equals("SENT"));
        // the email went out while the webhook's first attempt was still waiting for its slow receiver
        Map<String, Object> webhook = delivery(story.incidentId, "WEBHOOK");
        assertThat(webhook.get("status")).isEqualTo("PENDING");
        assertThat(webhook.get("attempts")).isEqualTo(0);

        await("the Slack delivery sent after its retry").atMost(WAIT)
                .until(() -> status(story.incidentId, "SLACK").equals("SENT"));
        assertThat(delivery(story.incidentId, "SLACK").get("attempts")).isEqualTo(2);
        assertThat(requestsAbout("/slack/" + u, story.incidentId)).hasSize(2);

        // three attempts (the test profile's limit), each timed out: FAILED, and published as notification.failed
        await("the webhook delivery failed after its retries").atMost(WAIT)
                .until(() -> status(story.incidentId, "WEBHOOK").equals("FAILED"));
        Map<String, Object> failed = delivery(story.incidentId, "WEBHOOK");
        assertThat(failed.get("attempts")).isEqualTo(3);
        assertThat((String) failed.get("lastError")).contains("timed out");
        List<ConsumerRecord<String, String>> outcome = KafkaTestClient.readUntil(Topics.NOTIFICATIONS,
                r -> "notification.failed.v1".equals(KafkaTestClient.header(r, "ce_type"))
                        && r.value().contains((String) failed.get("id")), WAIT);
        assertThat(outcome).hasSize(1);
        assertThat(outcome.get(0).key()).isEqualTo(story.incidentId);
        // operators count retries and failures without a token (the test's @TestSecurity does not reach /q/metrics)
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("notification_delivery_attempts_total{channel=\"WEBHOOK\",outcome=\"failed\"",
                "notification_delivery_attempts_total{channel=\"SLACK\",outcome=\"retry\"",
                "outbox_pending_messages{outbox=\"notification-outbox\"");
    }

    @Test
    @TestSecurity(user = "ada", roles = {"admin", "responder"})
    void a_page_that_cannot_reach_its_first_contact_moves_to_the_next_and_the_signed_link_acknowledges_it()
            throws Exception {
        Setup s = setUp(null);
        String u = s.u();
        // the SMS gateway refuses the number (400, not worth retrying): the page goes to the on-call's email
        HTTP.stubFor(post(urlPathMatching("/sms/" + u + "/.*")).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\": 21211, \"message\": \"invalid To number\"}")));
        IncidentStory.registerSystem("sys-" + u, "team-" + u, "client-" + u + "@bank.example");
        await("the AI system replicated").atMost(WAIT)
                .until(() -> count("select count(*) from ai_system where id = ?1", "sys-" + u) == 1);
        IncidentStory story = new IncidentStory("inc-" + u, "sys-" + u, false, clock);
        story.opened();

        await("the on-call engineer paged").atMost(WAIT)
                .until(() -> mailTo("oncall-" + u + "@bank.example").size() == 1);
        assertThat(status(story.incidentId, "SMS")).isEqualTo("FAILED");
        assertThat(delivery(story.incidentId, "SMS").get("attempts")).isEqualTo(1);
        String page = text(mailTo("oncall-" + u + "@bank.example").get(0));
        String link = page.lines().filter(l -> l.startsWith("Acknowledge: ")).findFirst().orElseThrow()
                .substring("Acknowledge: ".length());
        String pageId = link.replaceAll(".*/pages/([^/]+)/ack.*", "$1");
        String token = link.replaceAll(".*token=", "");

        // opening the link changes nothing; its form acknowledges as the paged person
        given().queryParam("person", "oncall-" + u).queryParam("token", token).get("/pages/" + pageId + "/ack")
                .then().statusCode(200);
        given().queryParam("incidentId", story.incidentId).get("/api/v1/pages").then().statusCode(200)
                .body("[0].status", org.hamcrest.Matchers.equalTo("OPEN"));
        given().queryParam("person", "oncall-" + u).queryParam("token", token + "x")
                .post("/api/v1/pages/" + pageId + "/ack").then().statusCode(400);
        given().formParam("person", "oncall-" + u).formParam("token", token).post("/pages/" + pageId + "/ack")
                .then().statusCode(200);
        given().queryParam("incidentId", story.incidentId).get("/api/v1/pages").then().statusCode(200)
                .body("[0].status", org.hamcrest.Matchers.equalTo("ACKNOWLEDGED"))
                .body("[0].acknowledgedBy", org.hamcrest.Matchers.equalTo("oncall-" + u));
        assertThat(count("select count(*) from due_timer where id = ?1 and fired_at is null", "escalation:" + pageId))
                .isZero();
        List<ConsumerRecord<String, String>> acknowledged = KafkaTestClient.readUntil(Topics.NOTIFICATIONS,
                r -> "page.acknowledged.v1".equals(KafkaTestClient.header(r, "ce_type")) && r.value().contains(pageId),
                WAIT);
        assertThat(acknowledged).hasSize(1);
        assertThat(EventJson.read(acknowledged.get(0).value(), PageAcknowledged.class).personId())
                .isEqualTo("oncall-" + u);
    }

    @Test
    @TestSecurity(user = "ada", roles = {"admin", "responder"})
    void a_drill_reaches_only_the_game_days_audience_marked_as_a_drill() throws Exception {
        Setup s = setUp(null);
        String u = s.u();
        routing("{\"teamEscalationPolicies\": {\"team-" + u + "\": \"pol-" + u + "\"}, \"leadership\": [\"lead-" + u
                + "\"], \"clientChannelId\": \"" + s.email() + "\", \"defaultEmailChannelId\": \"" + s.email() + "\","
                + " \"drillAudience\": [\"commander-" + u + "\"]}");
        IncidentStory.registerSystem("sys-" + u, "team-" + u, "client-" + u + "@bank.example");
        await("the AI system replicated").atMost(WAIT)
                .until(() -> count("select count(*) from ai_system where id = ?1", "sys-" + u) == 1);
        IncidentStory drill = new IncidentStory("inc-" + u, "sys-" + u, true, clock);
        drill.opened().role(IncidentRole.COMMUNICATIONS_LEAD, "comms-" + u, "Cam Comms", null).triaged(Severity.SEV1);

        // the page, the role notice and the triage notice all go to the drill audience, and only there
        await("the drill's three mails to the drill audience").atMost(WAIT)
                .until(() -> mailTo("commander-" + u + "@bank.example", drill.incidentId).size() == 3);
        assertThat(mailTo("commander-" + u + "@bank.example", drill.incidentId)).allSatisfy(m -> {
            assertThat(subject(m)).startsWith("[DRILL] ");
            assertThat(text(m)).contains("Drill: This is a game-day exercise, not a real incident.");
        });
        await("the drill's three deliveries recorded as sent").atMost(WAIT)
                .until(() -> deliveries(drill.incidentId).getList("items.findAll { it.status == 'SENT' }")
                .size() == 3);
        assertThat(deliveries(drill.incidentId).getList("items.recipient", String.class)).containsOnly("commander-" + u);
        assertThat(deliveries(drill.incidentId).getList("items.simulation", Boolean.class)).containsOnly(true);
        assertThat(mailTo("client-" + u + "@bank.example")).isEmpty();
        assertThat(requestsAbout("/(slack|teams|hooks|sms)/" + u + ".*", drill.incidentId)).isEmpty();
    }


    private static String status(String incidentId, String channel) {
        Map<String, Object> d = delivery(incidentId, channel);
        return d == null ? "" : (String) d.get("status");
    }

    private static Map<String, Object> delivery(String incidentId, String channel) {
        List<Map<String, Object>> items = deliveries(incidentId).getList("items");
        return items.stream().filter(i -> channel.equals(i.get("channel"))).findFirst().orElse(null);
    }
}
