package dev.aiim.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.aiim.system.launch.ServiceCommand;
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
        DETECTION(ServiceCommand.Module.DETECTION, 18081),
        INCIDENT(ServiceCommand.Module.INCIDENT, 18082),
        NOTIFICATION(ServiceCommand.Module.NOTIFICATION, 18083),
        REPORTING(ServiceCommand.Module.REPORTING, 18084);

        final ServiceCommand.Module command;
        final String module;
        final int port;

        Service(ServiceCommand.Module command, int port) {
            this.command = command;
            this.module = command.module;
            this.port = port;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    static final String KEYCLOAK = ServiceCommand.KEYCLOAK;
    static final String KAFKA = ServiceCommand.TEST_KAFKA;
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
        migrateApart(root, logs, run);
        for (Service service : Service.values()) {
            // a consumer group of this run's own, from the newest messages: earlier test runs' history is not ours
            List<String> command = ServiceCommand.of(service.command, root, service.port, KAFKA, "127.0.0.1:5432",
                    "system-" + run).forTests(mail.getSmtp().getPort()).offsetReset("latest")
                    // messages link to this run's console, not to a platform running beside it
                    .set("aiim.notification.incident-link-base", Service.INCIDENT.url("/console/incidents/"))
                    .set("aiim.incident.console.reporting-url", Service.REPORTING.url("")).migratedApart().build();
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
     * Runs each service's migrations on their own first, as the Kubernetes init container does (profile migrate, the
     * owner's credentials), so that the services then start as they do there: as their own role only.
     */
    private static void migrateApart(Path root, Path logs, String run) throws Exception {
        List<Process> migrations = new ArrayList<>();
        for (Service service : Service.values()) {
            File log = logs.resolve(service.module + "-migrate.log").toFile();
            migrations.add(new ProcessBuilder(ServiceCommand.of(service.command, root, freePort(), KAFKA,
                    "127.0.0.1:5432", "system-" + run).migrationsOnly().build()).redirectErrorStream(true)
                    .redirectOutput(log).start());
        }
        for (int i = 0; i < migrations.size(); i++) {
            Process migration = migrations.get(i);
            String module = Service.values()[i].module;
            if (!migration.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
                migration.destroyForcibly();
                throw new IllegalStateException(module + "'s migrations did not finish (" + logs + ")");
            }
            if (migration.exitValue() != 0) {
                throw new IllegalStateException(module + "'s migrations failed: exit " + migration.exitValue() + " ("
                        + logs.resolve(module + "-migrate.log") + ")");
            }
        }
    }

    /**
     * Consumers start from the newest messages, so a message sent before a group has its partitions would be
     * missed: wait until every group of this run is stable with partitions assigned.
     */
    private static void awaitAssignments(String run) {
        List<String> groups = new ArrayList<>();
        for (Service service : Service.values()) {
            groups.add(service.command.group("system-" + run));
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
