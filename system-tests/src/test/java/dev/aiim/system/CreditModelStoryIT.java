package dev.aiim.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpServer;
import dev.aiim.system.story.CreditModelStory;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import static dev.aiim.system.story.PlatformClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 9, part 1: the playbook's credit-model story against the packaged services, with an on-call app's
 * webhook receiver and a mail server as the outside world. Where time matters (minutes to contain, the SEV1's
 * 30-minute update cadence) every service's clock is moved forward together.
 */
class CreditModelStoryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** What the on-call app's webhook receiver got: the Standard Webhooks headers and the body. */
    private static final List<Map<String, String>> PAGER_RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer pager;
    private static CreditModelStory story;

    @BeforeAll
    static void platform() throws Exception {
        Platform.start();
        pager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pager.createContext("/incident-hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            PAGER_RECEIVED.add(Map.of("id", header(exchange.getRequestHeaders().getFirst("webhook-id")),
                    "timestamp", header(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    "signature", header(exchange.getRequestHeaders().getFirst("webhook-signature")),
                    "body", new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        pager.start();
        story = new CreditModelStory(Platform.CLIENT, line -> System.out.println("[story] " + line),
                UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void realTimeAgain() {
        if (story != null) {
            story.resetClocks();
        }
        if (pager != null) {
            pager.stop(0);
        }
    }

    @Test
    void the_credit_model_that_denied_one_group_is_caught_contained_communicated_reviewed_and_reported() throws Exception {
        story.resetClocks();
        story.registerSystem();
        story.prepareResponse("http://127.0.0.1:" + pager.getAddress().getPort() + "/incident-hook");
        story.configureMonitors();

        // Ordinary decisions: the monitors judge them and raise nothing.
        JsonNode stable = story.streamStableDecisions();
        assertThat(stable.get("raised")).as("nothing raised on ordinary decisions: %s", stable).isEmpty();
        assertThat(stable.get("records").asInt()).isBetween(290, 310);

        // The encoding change: a fairness detection naming the group.
        story.encodingChange();
        assertThat(story.wrongDenials()).isGreaterThan(50);
        JsonNode fairness = story.fairnessDetection();
        assertThat(fairness.get("subject").asText()).isEqualTo("age_band");
        assertThat(fairness.path("evidence").path("group").asText()).isEqualTo("60+");
        assertThat(fairness.path("value").asDouble()).isLessThan(0.8);
        String detectionId = fairness.get("detectionId").asText();

        // One incident in DETECTED with the suggested severity.
        JsonNode opened = story.incident();
        assertThat(opened.get("status").asText()).isEqualTo("DETECTED");
        assertThat(opened.get("suggestedSeverity").asText()).isEqualTo("SEV1");
        assertThat(opened.get("category").asText()).isEqualTo("BIAS_FAIRNESS");
        assertThat(opened.get("source").asText()).isEqualTo("MONITOR");
        assertThat(opened.toString()).contains(detectionId);
        JsonNode all = Platform.CLIENT.expect(200, "commander", "GET", Platform.Service.INCIDENT.url(
                "/api/v1/incidents?systemId=" + story.systemId()), null);
        assertThat(all.get("total").asInt()).as("one incident for the system").isEqualTo(1);
        Instant occurredAt = Instant.parse(opened.get("occurredAt").asText());
        Instant detectedAt = Instant.parse(opened.get("detectedAt").asText());
        assertThat(occurredAt).as("the harm dated from the window that raised it")
                .isBetween(story.changeAt(), detectedAt.minus(Duration.ofMinutes(4)));

        // The on-call engineer is paged through the on-call app's signed webhook, and acknowledges.
        JsonNode page = story.acknowledgePage();
        assertThat(page.get("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(page.get("pagedPerson").asText()).isEqualTo("responder");
        Map<String, String> paged = await("the page at the on-call app", WAIT, () -> PAGER_RECEIVED.stream()
                .filter(m -> m.get("body").contains(story.incidentId())).findFirst());
        assertThat(paged.get("body")).contains("/pages/" + page.get("id").asText() + "/ack");
        assertThat(verifies(paged, story.signingSecret())).as("signed per Standard Webhooks").isTrue();
        assertThat(verifies(Map.of("id", paged.get("id"), "timestamp", paged.get("timestamp"),
                "signature", paged.get("signature"), "body", paged.get("body") + " "), story.signingSecret()))
                .as("an altered body does not verify").isFalse();

        // A senior commander triages it as SEV1; the response team, the bank and leadership hear.
        JsonNode triaged = story.triageAsSev1();
        assertThat(triaged.get("status").asText()).isEqualTo("TRIAGED");
        assertThat(triaged.get("severity").asText()).isEqualTo("SEV1");
        assertThat(triaged.path("roles").path("INCIDENT_COMMANDER").path("seniorLeader").asBoolean()).isTrue();
        List<JsonNode> initial = await("the triage notifications to be sent", WAIT, () -> {
            List<JsonNode> sent = story.deliveries().stream().filter(d -> d.get("reason").asText().equals("incident.triaged"))
                    .filter(d -> d.get("status").asText().equals("SENT")).toList();
            return sent.size() >= 3 ? Optional.of(sent) : Optional.empty();
        });
        assertThat(initial).extracting(d -> d.get("recipient").asText())
                .contains("commander", "leadership").anyMatch(r -> r.contains("credit-risk@bank.example"));
        MimeMessage toLeadership = mailTo("leadership@aiim.example", "SEV1");
        assertThat(toLeadership.getSubject()).contains("SEV1");
        assertThat(decoded(toLeadership)).as("the message links to the incident's console page")
                .contains(Platform.Service.INCIDENT.url("/console/incidents/" + story.incidentId()));
        assertThat(mailTo("credit-risk@bank.example", "SEV1").getSubject()).contains("SEV1");
        JsonNode assessed = story.assessRegulatoryDuties();
        assertThat(assessed.get("regulatory").get("regimes")).extracting(r -> r.get("regime").asText())
                .contains("eu-ai-act-art73", "gdpr-art33");

        // Twenty minutes later the model is rolled back.
        JsonNode contained = story.rollBack(Duration.ofMinutes(20));
        assertThat(contained.get("status").asText()).isEqualTo("CONTAINED");
        assertThat(contained.get("containmentActions").get(0).get("type").asText()).isEqualTo("ROLLBACK");
        assertThat(contained.get("containmentActions").get(0).get("targetModelVersion").asText()).isEqualTo("2.2.1");

        // No update within the SEV1's 30 minutes: the commander is reminded.
        JsonNode reminder = story.missAnUpdate(Duration.ofMinutes(11));
        assertThat(reminder.get("recipient").asText()).isEqualTo("commander");
        assertThat(mailTo("commander@aiim.example", "overdue").getSubject()).containsIgnoringCase("overdue");
        JsonNode updated = story.updateTheClient();
        assertThat(updated.get("lastStatusUpdate").get("audience").asText()).isEqualTo("CLIENT");

        // Root cause, fix, remediation, resolution.
        JsonNode investigated = story.investigate();
        assertThat(investigated.get("rootCause").get("category").asText()).isEqualTo("DATA_PIPELINE_CHANGE");
        JsonNode resolved = story.fixAndResolve();
        assertThat(resolved.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(StreamSupport.stream(resolved.get("resolutionSteps").spliterator(), false)
                .filter(s -> s.get("step").asText().equals("IMPACT_REMEDIATED"))
                .map(s -> s.get("affectedDecisionsCorrected").asLong()).toList()).containsExactly(story.wrongDenials());

        // The review and its action items.
        JsonNode reviewed = story.review();
        assertThat(reviewed.get("review").get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(reviewed.get("actionItems")).hasSize(2);

        // The regulator's export verifies against the incident's hash chain; one altered fact does not.
        JsonNode integrity = Platform.CLIENT.expect(200, "commander", "GET", Platform.Service.INCIDENT.url(
                "/api/v1/incidents/" + story.incidentId() + "/integrity"), null);
        assertThat(integrity.get("valid").asBoolean()).isTrue();
        JsonNode export = story.art73Export();
        assertThat(export.get("integrity").get("headHash").asText()).isEqualTo(integrity.get("headHash").asText());
        assertThat(export.get("integrity").get("incidentId").asText()).isEqualTo(story.incidentId());
        assertThat(export.get("missing")).as("every fact the report needs").isEmpty();
        assertThat(export.get("aiSystem").get("euDatabaseRegistrationNumber").asText())
                .isEqualTo(story.euDatabaseRegistrationNumber());
        assertThat(story.verify(export).get("valid").asBoolean()).isTrue();
        // ... and incident-service's signed checkpoint, taken apart from reporting, vouches for the same head
        JsonNode anchored = story.anchoredArt73Export();
        assertThat(anchored.at("/integrity/checkpoint/leaf/hash").asText())
                .isEqualTo(integrity.get("headHash").asText());
        JsonNode verdict = story.verify(anchored);
        assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();
        assertThat(verdict.get("reason").asText()).contains("signed by incident-service");
        assertThat(Platform.CLIENT.expect(200, "regulator", "GET", Platform.Service.INCIDENT.url("/api/v1/incidents/"
                + story.incidentId() + "/integrity"), null).at("/checkpoint/matches").asBoolean()).isTrue();
        ObjectNode altered = export.deepCopy();
        altered.put("severity", "SEV3");
        assertThat(story.verify(altered).get("valid").asBoolean()).as("an altered export").isFalse();

        // Leadership's metrics show this incident's time to detect and to contain.
        JsonNode metrics = story.metrics();
        JsonNode view = story.view();
        double mttd = minutes(view.get("occurredAt"), view.get("detectedAt"));
        double mttc = minutes(view.get("detectedAt"), view.get("containedAt"));
        assertThat(metrics.get("incidentCount").asInt()).isEqualTo(1);
        assertThat(metrics.get("mttdMinutes").get("mean").asDouble()).isCloseTo(mttd, within(0.05));
        assertThat(metrics.get("mttcMinutes").get("mean").asDouble()).isCloseTo(mttc, within(0.05));
        assertThat(mttd).as("detected within the SEV1 target").isBetween(4.0, 30.0);
        assertThat(mttc).as("contained within the SEV1 hour").isBetween(20.0, 60.0);
    }

    private static double minutes(JsonNode from, JsonNode to) {
        return Duration.between(Instant.parse(from.asText()), Instant.parse(to.asText())).toMillis() / 60_000.0;
    }

    /** The newest mail to {@code recipient} whose subject or body contains {@code text}. */
    /** A message's text parts, decoded (a long link is wrapped by quoted-printable in the raw body). */
    private static String decoded(Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(decoded(multipart.getBodyPart(i))).append('\n');
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    private static MimeMessage mailTo(String recipient, String text) {
        return await("mail to " + recipient + " about " + text, WAIT, () -> Arrays.stream(Platform.mail()
                        .getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(recipient))
                                && (m.getSubject().contains(text) || GreenMailUtil.getBody(m).contains(text));
                    } catch (Exception e) {
                        return false;
                    }
                }).reduce((first, second) -> second));
    }

    /** Standard Webhooks: {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body} under the secret's bytes. */
    private static boolean verifies(Map<String, String> received, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((received.get("id") + "."
                + received.get("timestamp") + "." + received.get("body")).getBytes(StandardCharsets.UTF_8)));
        return Arrays.asList(received.get("signature").split(" ")).contains(expected);
    }

    private static String header(String value) {
        return value == null ? "" : value;
    }
}
