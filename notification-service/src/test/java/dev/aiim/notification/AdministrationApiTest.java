package dev.aiim.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.service.References;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.aiim.notification.NotificationTestKit.channel;
import static dev.aiim.notification.NotificationTestKit.inContext;
import static dev.aiim.notification.NotificationTestKit.person;
import static dev.aiim.notification.NotificationTestKit.url;
import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The admin endpoints: secrets never come back, SSRF targets are refused, every bad field is named. */
@QuarkusTest
class AdministrationApiTest {

    @Inject
    References references;
    @Inject
    Pool pool;

    private static String u() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response postJson(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void channel_secrets_and_webhook_urls_are_never_returned() {
        String u = u();
        var slack = channel("{\"type\": \"SLACK\", \"name\": \"s-" + u + "\", \"url\":"
                + " \"https://1.1.1.1/services/T000/B000/XXXXSECRET\"}");
        assertThat(slack.getString("urlHint")).isEqualTo("https://1.1.1.1/…");
        assertThat(slack.getString("url")).isNull();
        var sms = channel("{\"type\": \"SMS\", \"name\": \"sms-" + u + "\", \"url\": \"" + url("/sms") + "\","
                + " \"secret\": \"auth-token-123\", \"settings\": {\"accountSid\": \"AC1\", \"from\": \"+15550001111\"},"
                + " \"allowPrivateNetwork\": true}");
        assertThat(sms.getBoolean("hasSecret")).isTrue();
        assertThat(sms.getString("signingSecret")).isNull();
        var hook = channel("{\"type\": \"WEBHOOK\", \"name\": \"w-" + u + "\", \"url\": \"https://1.1.1.1/x\"}");
        assertThat(hook.getString("signingSecret")).startsWith("whsec_");

        for (String id : new String[]{slack.getString("id"), sms.getString("id"), hook.getString("id")}) {
            String json = given().get("/api/v1/channels/" + id).then().statusCode(200).extract().asString();
            assertThat(json).doesNotContain("XXXXSECRET", "auth-token-123", "whsec_", "\"secret\"");
        }
        String all = given().get("/api/v1/channels").then().statusCode(200).extract().asString();
        assertThat(all).doesNotContain("XXXXSECRET", "auth-token-123", "whsec_");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void urls_to_loopback_link_local_private_or_unlisted_hosts_are_refused() {
        String u = u();
        String[][] refused = {
                {"http://127.0.0.1:8083/api/v1/admin/clock", "must be an https URL"},
                {"https://127.0.0.1/hook", "loopback, link-local, private or reserved"},
                {"https://169.254.169.254/latest/meta-data/", "169.254.169.254"},
                {"https://10.0.0.8/hook", "10.0.0.8"},
                {"https://[::1]/hook", "::1"},
                {"https://user:pw@hooks.example.com/x", "must not carry credentials"},
                {"https://attacker.net/x", "not on the outbound allow-list"},
                {"not a url at all", "is not a URL"},
        };
        for (String[] attempt : refused) {
            problem(postJson("/api/v1/channels", "{\"type\": \"WEBHOOK\", \"name\": \"ssrf-" + u + "\", \"url\": \""
                    + attempt[0] + "\"}"), 400, "validation")
                    .body("errors[0].field", equalTo("url"))
                    .body("errors[0].message", containsString(attempt[1]));
        }
        // an admin may allow a private network explicitly, for an on-premises gateway
        given().contentType(ContentType.JSON).body("{\"type\": \"WEBHOOK\", \"name\": \"onprem-" + u + "\", \"url\":"
                        + " \"http://127.0.0.1:9/hook\", \"allowPrivateNetwork\": true}").post("/api/v1/channels")
                .then().statusCode(201).body("allowPrivateNetwork", equalTo(true));
        given().get("/api/v1/channels").then().body("name", not(hasItems("ssrf-" + u)));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void bad_channels_name_every_bad_field() {
        String u = u();
        problem(postJson("/api/v1/channels", "{\"type\": \"SMS\", \"name\": \"\", \"url\": \"https://api.example.com\","
                + " \"settings\": {\"from\": \"555\", \"colour\": \"red\"}}"), 400, "validation")
                .body("errors.field", hasItems("name", "secret", "settings.accountSid", "settings.from",
                        "settings.colour"));
        problem(postJson("/api/v1/channels", "{\"type\": \"EMAIL\", \"name\": \"e\", \"url\": \"https://x.example.com\","
                + " \"settings\": {\"from\": \"not-an-address\"}}"), 400, "validation")
                .body("errors.field", hasItems("url", "settings.from"));
        problem(postJson("/api/v1/channels", "{\"type\": \"WEBHOOK\", \"name\": \"w\", \"url\":"
                + " \"https://hooks.example.com/x\", \"secret\": \"short\"}"), 400, "validation")
                .body("errors[0].field", equalTo("secret"));
        problem(postJson("/api/v1/channels", "{\"type\": \"PIGEON\", \"name\": \"p\"}"), 400, "validation");
        problem(postJson("/api/v1/channels", "{\"name\": \"no type\"}"), 400, "validation")
                .body("errors[0].field", equalTo("type"));
        problem(postJson("/api/v1/channels", "{\"type\": \"EMAIL\", \"name\": "), 400, "malformed-request");
        channel("{\"type\": \"EMAIL\", \"name\": \"dup-" + u + "\"}");
        problem(postJson("/api/v1/channels", "{\"type\": \"EMAIL\", \"name\": \"dup-" + u + "\"}"), 409, "conflict");
        problem(given().get("/api/v1/channels/ch-missing"), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_channel_in_use_cannot_be_removed() {
        String u = u();
        String email = channel("{\"type\": \"EMAIL\", \"name\": \"used-" + u + "\"}").getString("id");
        person("p-" + u, "Pat", "[{\"channelId\": \"" + email + "\", \"address\": \"pat@bank.example\"}]");
        problem(given().delete("/api/v1/channels/" + email), 409, "conflict").body("detail", containsString("p-" + u));
        given().delete("/api/v1/people/p-" + u).then().statusCode(204);
        given().delete("/api/v1/channels/" + email).then().statusCode(204);
        problem(given().get("/api/v1/channels/" + email), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void people_schedules_and_policies_in_use_cannot_be_removed() {
        String u = u();
        String email = channel("{\"type\": \"EMAIL\", \"name\": \"ref-" + u + "\"}").getString("id");
        person("p-" + u, "Pat", "[{\"channelId\": \"" + email + "\", \"address\": \"pat@bank.example\"}]");
        postJson("/api/v1/schedules", "{\"id\": \"s-" + u + "\", \"name\": \"S\", \"layers\": [{\"participants\":"
                + " [\"p-" + u + "\"], \"handoff\": \"WEEKLY\", \"handoffTime\": \"09:00\", \"zone\": \"UTC\","
                + " \"start\": \"2026-11-02\"}]}").then().statusCode(201);
        postJson("/api/v1/escalation-policies", "{\"id\": \"e-" + u + "\", \"name\": \"E\", \"levels\":"
                + " [{\"targets\": [{\"kind\": \"SCHEDULE\", \"id\": \"s-" + u + "\"}], \"ackTimeoutMinutes\": 5}]}")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"teamEscalationPolicies\": {\"t-" + u + "\": \"e-" + u + "\"}}")
                .put("/api/v1/routing").then().statusCode(200);

        problem(given().delete("/api/v1/people/p-" + u), 409, "conflict").body("detail", containsString("schedule s-" + u));
        problem(given().delete("/api/v1/schedules/s-" + u), 409, "conflict")
                .body("detail", containsString("escalation policy e-" + u));
        problem(given().delete("/api/v1/escalation-policies/e-" + u), 409, "conflict")
                .body("detail", containsString("the routing document"));

        given().contentType(ContentType.JSON).body("{}").put("/api/v1/routing").then().statusCode(200);
        given().delete("/api/v1/escalation-policies/e-" + u).then().statusCode(204);
        given().delete("/api/v1/schedules/s-" + u).then().statusCode(204);
        given().delete("/api/v1/people/p-" + u).then().statusCode(204);
        problem(given().get("/api/v1/people/p-" + u), 404, "not-found");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void every_change_to_a_person_reaches_the_directory_topic() throws Exception {
        String id = "p-" + u();
        postJson("/api/v1/people", "{\"id\": \"" + id + "\", \"name\": \"Casey\", \"seniorLeader\": true,"
                + " \"contacts\": []}").then().statusCode(201).body("seniorLeader", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"name\": \"Casey C.\", \"contacts\": []}")
                .put("/api/v1/people/" + id).then().statusCode(200).body("seniorLeader", equalTo(false));
        given().delete("/api/v1/people/" + id).then().statusCode(204);

        JsonNode registered = directoryMessage(id, MessageTypes.PERSON_REGISTERED);
        assertThat(registered.path("person").path("seniorLeader").asBoolean()).isTrue();
        assertThat(registered.path("changedBy").asText()).isEqualTo("ada");
        JsonNode updated = directoryMessage(id, MessageTypes.PERSON_UPDATED);
        assertThat(updated.path("person").path("name").asText()).isEqualTo("Casey C.");
        assertThat(updated.path("person").path("seniorLeader").asBoolean()).isFalse();
        assertThat(updated.has("contacts")).as("contact points stay in notification-service").isFalse();
        assertThat(directoryMessage(id, MessageTypes.PERSON_REMOVED).path("personId").asText()).isEqualTo(id);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void routing_reads_each_change_to_the_directory_and_keeps_it_between_changes() {
        String u = u();
        String email = channel("{\"type\": \"EMAIL\", \"name\": \"kept-" + u + "\"}").getString("id");
        person("p-" + u, "Kai", "[{\"channelId\": \"" + email + "\", \"address\": \"kai@example.com\"}]");
        assertThat(inContext(() -> references.directory(pool)).people()).containsKey("p-" + u);
        // a worker may have loaded the same version at the same moment; from here on one snapshot is kept
        Directory kept = inContext(() -> references.directory(pool));
        assertThat(inContext(() -> references.directory(pool))).as("no change, no reading again").isSameAs(kept);

        given().contentType(ContentType.JSON).body("{\"name\": \"Kai K.\", \"contacts\": []}")
                .put("/api/v1/people/p-" + u).then().statusCode(200);
        assertThat(inContext(() -> references.directory(pool)).people().get("p-" + u).name()).isEqualTo("Kai K.");
        postJson("/api/v1/escalation-policies", "{\"id\": \"e-" + u + "\", \"name\": \"E\", \"levels\":"
                + " [{\"targets\": [{\"kind\": \"PERSON\", \"id\": \"p-" + u + "\"}], \"ackTimeoutMinutes\": 5}]}")
                .then().statusCode(201);
        assertThat(inContext(() -> references.escalationPolicy(pool, "e-" + u))).isPresent();
        given().delete("/api/v1/escalation-policies/e-" + u).then().statusCode(204);
        assertThat(inContext(() -> references.escalationPolicy(pool, "e-" + u))).isEmpty();
        given().delete("/api/v1/channels/" + email).then().statusCode(204);
        assertThat(inContext(() -> references.channels(pool))).noneMatch(c -> c.channel().id().equals(email));
    }

    private static JsonNode directoryMessage(String personId, MessageType type) throws Exception {
        List<ConsumerRecord<String, String>> found = KafkaTestClient.readUntil(Topics.PEOPLE,
                r -> personId.equals(r.key()) && type.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                Duration.ofSeconds(30));
        assertThat(found).as(type.ceType() + " of " + personId + " on " + Topics.PEOPLE).hasSize(1);
        return EventJson.mapper().readTree(found.get(0).value());
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void people_schedules_and_policies_refuse_bad_fields_and_unknown_references() {
        String u = u();
        String sms = channel("{\"type\": \"SMS\", \"name\": \"sms-" + u + "\", \"url\": \"https://1.1.1.1\","
                + " \"secret\": \"t\", \"settings\": {\"accountSid\": \"AC1\", \"from\": \"+15550001111\"}}")
                .getString("id");
        problem(postJson("/api/v1/people", "{\"id\": \"bad id!\", \"name\": \"\", \"contacts\": [{\"channelId\": \""
                + sms + "\", \"address\": \"0151 not e164\"}, {\"channelId\": \"ch-nope\"}]}"), 400, "validation")
                .body("errors.field", hasItems("id", "name", "contacts[0].address", "contacts[1].channelId"));
        person("p-" + u, "Pat", "[{\"channelId\": \"" + sms + "\", \"address\": \"+4915100000009\"}]");
        problem(postJson("/api/v1/people", "{\"id\": \"p-" + u + "\", \"name\": \"Pat\", \"contacts\": []}"), 409,
                "conflict");
        problem(given().contentType(ContentType.JSON).body("{\"name\": \"Pat\", \"contacts\": []}")
                .put("/api/v1/people/nobody-" + u), 404, "not-found");

        problem(postJson("/api/v1/schedules", "{\"id\": \"s-" + u + "\", \"name\": \"S\", \"layers\": [{\"participants\":"
                + " [\"p-" + u + "\", \"ghost\"], \"handoff\": \"HOURLY\", \"handoffTime\": \"25:00\", \"zone\":"
                + " \"Mars/Olympus\", \"start\": \"yesterday\"}], \"overrides\": [{\"person\": \"p-" + u + "\","
                + " \"from\": \"2026-11-27T10:00:00Z\", \"to\": \"2026-11-27T09:00:00Z\"}]}"), 400, "validation")
                .body("errors.field", hasItems("layers[0].participants[1]", "layers[0].handoff",
                        "layers[0].handoffTime", "layers[0].zone", "layers[0].start", "overrides[0].to"));
        problem(postJson("/api/v1/schedules", "{\"id\": \"s-" + u + "\", \"name\": \"S\", \"layers\": []}"), 400,
                "validation").body("errors[0].field", equalTo("layers"));

        problem(postJson("/api/v1/escalation-policies", "{\"id\": \"e-" + u + "\", \"name\": \"E\", \"levels\":"
                + " [{\"targets\": [{\"kind\": \"SCHEDULE\", \"id\": \"no-such\"}, {\"kind\": \"PERSON\", \"id\":"
                + " \"ghost\"}], \"ackTimeoutMinutes\": 0}], \"repeat\": 99}"), 400, "validation")
                .body("errors.field", hasItems("levels[0].targets[0].id", "levels[0].targets[1].id",
                        "levels[0].ackTimeoutMinutes", "repeat"));
        problem(postJson("/api/v1/escalation-policies", "{\"id\": \"e-" + u + "\", \"name\": \"E\", \"levels\":"
                + " [{\"targets\": [{\"kind\": \"ROBOT\", \"id\": \"x\"}], \"ackTimeoutMinutes\": 5}]}"), 400,
                "validation");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void who_is_on_call_follows_the_rotation_and_its_overrides() {
        String u = u();
        String email = channel("{\"type\": \"EMAIL\", \"name\": \"oc-" + u + "\"}").getString("id");
        for (String p : new String[]{"ana", "ben"}) {
            person(p + "-" + u, p, "[{\"channelId\": \"" + email + "\", \"address\": \"" + p + "@bank.example\"}]");
        }
        postJson("/api/v1/schedules", "{\"id\": \"s-" + u + "\", \"name\": \"Primary\", \"layers\": [{\"participants\":"
                + " [\"ana-" + u + "\", \"ben-" + u + "\"], \"handoff\": \"DAILY\", \"handoffTime\": \"09:00\", \"zone\":"
                + " \"Europe/Berlin\", \"start\": \"2026-11-02\"}]}").then().statusCode(201);
        // 2026-11-02 09:00 Berlin (08:00Z) Ana takes over, a day later Ben
        given().queryParam("at", "2026-11-02T12:00:00Z").get("/api/v1/schedules/s-" + u + "/on-call").then()
                .statusCode(200).body("personId", equalTo("ana-" + u)).body("until", equalTo("2026-11-03T08:00:00Z"));
        given().queryParam("at", "2026-11-03T07:59:00Z").get("/api/v1/schedules/s-" + u + "/on-call").then()
                .body("personId", equalTo("ana-" + u));
        given().queryParam("at", "2026-11-03T08:00:00Z").get("/api/v1/schedules/s-" + u + "/on-call").then()
                .body("personId", equalTo("ben-" + u));
        given().queryParam("at", "2026-10-01T08:00:00Z").get("/api/v1/schedules/s-" + u + "/on-call").then()
                .statusCode(200).body("personId", nullValue());
        postJson("/api/v1/schedules/s-" + u + "/overrides", "{\"person\": \"ben-" + u + "\", \"from\":"
                + " \"2026-11-02T10:00:00Z\", \"to\": \"2026-11-02T14:00:00Z\"}").then().statusCode(200);
        given().queryParam("at", "2026-11-02T12:00:00Z").get("/api/v1/schedules/s-" + u + "/on-call").then()
                .body("personId", equalTo("ben-" + u)).body("until", equalTo("2026-11-02T14:00:00Z"))
                .body("source", equalTo("override"));
        given().queryParam("at", "2026-11-02T09:00:00Z").get("/api/v1/schedules/s-" + u + "/on-call").then()
                .body("personId", equalTo("ana-" + u)).body("until", equalTo("2026-11-02T10:00:00Z"));
        problem(given().queryParam("at", "tomorrow").get("/api/v1/schedules/s-" + u + "/on-call"), 400, "validation")
                .body("errors[0].field", equalTo("at"));
        problem(given().get("/api/v1/schedules/nope-" + u + "/on-call"), 404, "not-found");
        problem(postJson("/api/v1/schedules/s-" + u + "/overrides", "{\"person\": \"ghost\", \"from\":"
                + " \"2026-11-02T10:00:00Z\"}"), 400, "validation").body("errors.field", hasItems("person", "to"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void routing_names_bad_references_and_honours_if_match() {
        String u = u();
        String slack = channel("{\"type\": \"SLACK\", \"name\": \"r-" + u + "\", \"url\":"
                + " \"https://1.1.1.1/services/A/B/C\"}").getString("id");
        problem(given().contentType(ContentType.JSON).body("{\"teamEscalationPolicies\": {\"risk-ml\": \"nope\"},"
                + " \"leadership\": [\"ghost\"], \"clientChannelId\": \"" + slack + "\", \"cadenceMinutes\":"
                + " {\"SEV1\": 0}, \"deadlineReminderPercents\": [50, 150]}").put("/api/v1/routing"), 400, "validation")
                .body("errors.field", hasItems("teamEscalationPolicies.risk-ml", "leadership[0]", "clientChannelId",
                        "cadenceMinutes.SEV1", "deadlineReminderPercents[1]"));
        problem(given().contentType(ContentType.JSON).body("{\"cadenceMinutes\": {\"SEV9\": 5}}").put("/api/v1/routing"),
                400, "validation");
        String etag = given().get("/api/v1/routing").then().statusCode(200).body("cadenceMinutes.SEV1", notNullValue())
                .extract().header("ETag");
        given().contentType(ContentType.JSON).header("If-Match", etag).body("{\"cadenceMinutes\": {\"SEV1\": 15,"
                + " \"SEV2\": 60}}").put("/api/v1/routing").then().statusCode(200).body("cadenceMinutes.SEV1", equalTo(15));
        problem(given().contentType(ContentType.JSON).header("If-Match", etag).body("{}").put("/api/v1/routing"), 412,
                "precondition-failed");
        given().contentType(ContentType.JSON).body("{}").put("/api/v1/routing").then().statusCode(200)
                .body("cadenceMinutes.SEV1", equalTo(30));
    }

    @Test
    @TestSecurity(user = "rita", roles = "responder")
    void only_admins_administer() {
        problem(given().get("/api/v1/channels"), 403, "forbidden");
        problem(postJson("/api/v1/people", "{}"), 403, "forbidden");
        problem(given().get("/api/v1/routing"), 403, "forbidden");
        problem(given().get("/api/v1/deliveries"), 400, "validation").body("errors[0].field", equalTo("incidentId"));
    }

    @Test
    void anonymous_callers_are_asked_to_sign_in() {
        problem(given().get("/api/v1/schedules"), 401, "unauthenticated");
        problem(given().get("/api/v1/deliveries?incidentId=x"), 401, "unauthenticated");
        problem(given().post("/api/v1/pages/pg-x/ack"), 401, "unauthenticated");
        given().queryParam("person", "p").queryParam("token", "forged").get("/pages/pg-x/ack").then().statusCode(400);
    }
}
