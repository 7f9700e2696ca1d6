package dev.aiim.notification;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.aiim.notification.service.NotificationWorkers;
import dev.aiim.platform.time.ClockAdministration;
import dev.aiim.platform.time.MoveClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Real local servers for the channels: GreenMail receives SMTP on 127.0.0.1:3025 (where the test profile's
 * mailer points), WireMock answers the Slack, Teams, webhook and SMS gateway requests. Both start once per
 * test JVM. Plus helpers for admin calls (run them under {@code @TestSecurity(roles = "admin")}), rows, time.
 */
final class NotificationTestKit {

    static final GreenMail MAIL = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final WireMockServer HTTP = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort());

    static {
        MAIL.start();
        HTTP.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            MAIL.stop();
            HTTP.stop();
        }));
    }

    private NotificationTestKit() {
    }

    static String url(String path) {
        return "http://127.0.0.1:" + HTTP.port() + path;
    }

    /** Creates a channel and answers its JSON (id, and signingSecret for a generated webhook secret). */
    static JsonPath channel(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/channels").then().statusCode(201)
                .extract().jsonPath();
    }

    static void person(String id, String name, String contactsJson) {
        given().contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"contacts\": " + contactsJson + "}")
                .post("/api/v1/people").then().statusCode(201);
    }

    static void post(String path, String body) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(201);
    }

    /** Replaces the routing document whatever its version. */
    static void routing(String body) {
        given().contentType(ContentType.JSON).body(body).put("/api/v1/routing").then().statusCode(200);
    }

    static JsonPath deliveries(String incidentId) {
        return given().queryParam("incidentId", incidentId).get("/api/v1/deliveries").then().statusCode(200)
                .extract().jsonPath();
    }

    static long count(String sql, Object parameter) {
        return inContext(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery(sql, Long.class).setParameter(1, parameter).getSingleResult())));
    }

    static <T> T inContext(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * Waits until every background worker has finished two more polls: whatever was due when this was called has
     * been acted on, so a test can check that nothing more was sent without waiting for time to pass.
     */
    static void awaitEveryWorkerPolled(NotificationWorkers workers) {
        long polled = workers.fewestPolls();
        await("every worker polled twice more").atMost(Duration.ofSeconds(30))
                .until(() -> workers.fewestPolls() >= polled + 2);
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException("an unreadable mail subject in the test's mail server", e);
        }
    }

    /** Moves the service clock {@code by} further ahead of real time. */
    static void advanceClock(ClockAdministration clocks, Duration by) {
        long offset = inContext(clocks::current).offsetSeconds();
        inContext(() -> clocks.move(new MoveClock(offset + by.toSeconds(), "notification test"), null, "test"));
    }

    /**
     * Requests the local HTTP receiver got on paths matching {@code pathRegex} about one incident. Leadership and
     * compliance are platform-wide routing, so reminders about other tests' incidents (a moved clock makes their
     * timers due) may reach the same receivers.
     */
    static List<LoggedRequest> requestsAbout(String pathRegex, String incidentId) {
        return HTTP.findAll(postRequestedFor(urlPathMatching(pathRegex))).stream()
                .filter(r -> r.getBodyAsString().contains(incidentId)) // ids need no escaping in JSON or forms
                .toList();
    }

    /** Mails received for {@code address} about one incident (its id is in every subject). */
    static List<MimeMessage> mailTo(String address, String incidentId) {
        return mailTo(address).stream().filter(m -> subject(m).contains("(" + incidentId + ")")).toList();
    }

    /** Mails received for {@code address}. */
    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().contains(address));
            } catch (MessagingException e) {
                throw new IllegalStateException("an unreadable mail in the test's mail server", e);
            }
        }).toList();
    }

    /** The text/plain part of a mail. */
    static String text(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String s) {
                return s;
            }
            Multipart multipart = (Multipart) content;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                if (part.getContent() instanceof Multipart nested) {
                    for (int j = 0; j < nested.getCount(); j++) {
                        if (nested.getBodyPart(j).isMimeType("text/plain")) {
                            return (String) nested.getBodyPart(j).getContent();
                        }
                    }
                }
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
