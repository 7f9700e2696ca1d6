package dev.aiim.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.aiim.system.story.PlatformClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.ConsumerGroupState;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;


import static org.awaitility.Awaitility.await;
/**
 * The platform as a user meets it: the four packaged services started once per test JVM as real processes
 * (on ports 18081-18084, against the test databases, real Kafka and the Keycloak realm of
 * {@code deploy/local}), and tokens from Keycloak for the demo users. The processes stop with the JVM.
 */
final class Platform {

    enum Service {
        DETECTION("detection-service", 18081, "detection", List.of("incident-events")),
        INCIDENT("incident-service", 18082, "incident", List.of("detections")),
        NOTIFICATION("notification-service", 18083, "notification", List.of("incident-events", "ai-systems")),
        REPORTING("reporting-service", 18084, "reporting", List.of("incident-events", "notifications", "ai-systems"));

        final String module;
        final int port;
        final String database;
        final List<String> incoming;

        Service(String module, int port, String database, List<String> incoming) {
            this.module = module;
            this.port = port;
            this.database = database;
            this.incoming = incoming;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    static final String KEYCLOAK = System.getProperty("aiim.keycloak", "http://127.0.0.1:8180");
    /** The tests' own broker (deploy/local/platform starts it on 19092), never the running platform's. */
    static final String KAFKA = Optional.ofNullable(System.getenv("AIIM_TEST_KAFKA_BOOTSTRAP"))
            .filter(s -> !s.isBlank()).orElse("127.0.0.1:19092");
    static final PlatformClient CLIENT = new PlatformClient(new PlatformClient.Endpoints(Service.DETECTION.url(""),
            Service.INCIDENT.url(""), Service.NOTIFICATION.url(""), Service.REPORTING.url(""), KEYCLOAK));
    /** The HTTP client of {@link #CLIENT}, for requests that carry their own credentials. */
    static final HttpClient HTTP = CLIENT.http();
    private static GreenMail mail;
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static boolean started;

    private Platform() {
    }

    /** Starts the four services once (and checks Keycloak answers), waiting until each is ready. */
    static synchronized void start() throws Exception {
        if (started) {
            return;
        }
        started = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESSES.forEach(Process::destroy)));
        if (status(KEYCLOAK + "/realms/ai-incident", null) != 200) {
            throw new IllegalStateException("Keycloak with realm ai-incident must answer on " + KEYCLOAK
                    + " (deploy/local/platform test starts it)");
        }
        mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Path root = Path.of(System.getProperty("aiim.root", ".."));
        Path logs = root.resolve("system-tests/target/services");
        Files.createDirectories(logs);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (Service service : Service.values()) {
            Path jar = root.resolve(service.module + "/target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: package the services first");
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx384m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + service.port,
                    "-Daiim.clock.adjustable=true", "-Dkafka.bootstrap.servers=" + KAFKA,
                    "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + service.database + "_test",
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/" + service.database + "_test"));
            if (service == Service.NOTIFICATION) {
                // mail to the sink in this JVM; retries quick enough for a test run
                command.addAll(List.of("-Dquarkus.mailer.port=" + mail.getSmtp().getPort(),
                        "-Dquarkus.mailer.start-tls=DISABLED", "-Daiim.notification.retry.base=500ms",
                        "-Daiim.notification.retry.cap=2s", "-Daiim.notification.workers.idle=200ms"));
            }
            if (service == Service.REPORTING) {
                // who reports to the regulator: the provider named in the exports
                command.addAll(List.of("-Daiim.reporting.entity.legal-name=Example AI Provider GmbH",
                        "-Daiim.reporting.entity.role=PROVIDER", "-Daiim.reporting.entity.country=DE",
                        "-Daiim.reporting.entity.contact-name=Dana Risk",
                        "-Daiim.reporting.entity.contact-email=compliance@provider.example",
                        "-Daiim.reporting.entity.dpo-email=dpo@provider.example"));
            }
            // a consumer group of this run's own, from the newest messages: earlier test runs' history is not ours
            for (String channel : service.incoming) {
                command.add("-Dmp.messaging.incoming." + channel + ".group.id=" + service.module + "-system-" + run);
                command.add("-Dmp.messaging.incoming." + channel + ".auto.offset.reset=latest");
            }
            command.addAll(List.of("-jar", jar.toString()));
            File log = logs.resolve(service.module + ".log").toFile();
            PROCESSES.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
        }
        for (Service service : Service.values()) {
            await(service.module + " ready (its log: " + logs + ")").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500)).until(() -> status(service.url("/q/health/ready"), null) == 200);
        }
        awaitAssignments(run);
    }

    /**
     * Consumers start from the newest messages, so a message sent before a group has its partitions would be
     * missed: wait until every group of this run is stable with partitions assigned.
     */
    private static void awaitAssignments(String run) {
        List<String> groups = new ArrayList<>();
        for (Service service : Service.values()) {
            if (!service.incoming.isEmpty()) {
                groups.add(service.module + "-system-" + run);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            await("the consumer groups of this run stable with partitions assigned").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS).values().stream()
                            .allMatch(g -> g.state() == ConsumerGroupState.STABLE && g.members().stream()
                                    .mapToInt(m -> m.assignment().topicPartitions().size()).sum() > 0));
        }
    }

    /** An access token Keycloak issues to a demo user (password = user name), cached for the run. */
    static String token(String user) {
        return CLIENT.token(user);
    }

    /** Sends a request as {@code user} (or anonymously when null); answers the response. */
    static HttpResponse<String> call(String user, String method, String url, String json) {
        return CLIENT.call(user, method, url, json);
    }

    /** The mail server the notification service relays through, in this JVM. */
    static GreenMail mail() {
        return mail;
    }

    private static int status(String url, String user) {
        try {
            return call(user, "GET", url, null).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
