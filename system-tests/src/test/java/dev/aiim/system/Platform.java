package dev.aiim.system;

import dev.aiim.contracts.EventJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
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
                    "-Daiim.clock.adjustable=true",
                    "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + service.database + "_test",
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/" + service.database + "_test"));
            // a consumer group of this run's own, from the newest messages: earlier test runs' history is not ours
            for (String channel : service.incoming) {
                command.add("-Dmp.messaging.incoming." + channel + ".group.id=" + service.module + "-system-" + run);
                command.add("-Dmp.messaging.incoming." + channel + ".auto.offset.reset=latest");
            }
            command.addAll(List.of("-jar", jar.toString()));
            File log = logs.resolve(service.module + ".log").toFile();
            PROCESSES.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
        }
        Instant deadline = Instant.now().plusSeconds(180);
        for (Service service : Service.values()) {
            while (status(service.url("/q/health/ready"), null) != 200) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(service.module + " did not become ready; see " + logs);
                }
                Thread.sleep(500);
            }
        }
        awaitAssignments(run, deadline);
    }

    /**
     * Consumers start from the newest messages, so a message sent before a group has its partitions would be
     * missed: wait until every group of this run is stable with partitions assigned.
     */
    private static void awaitAssignments(String run, Instant deadline) throws Exception {
        List<String> groups = new ArrayList<>();
        for (Service service : Service.values()) {
            if (!service.incoming.isEmpty()) {
                groups.add(service.module + "-system-" + run);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092")))) {
            while (true) {
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
                        .get(10, TimeUnit.SECONDS);
                boolean assigned = described.values().stream().allMatch(g -> g.state() == ConsumerGroupState.STABLE
                        && g.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum() > 0);
                if (assigned) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("consumer groups not assigned: " + described);
                }
                Thread.sleep(500);
            }
        }
    }

    /** An access token Keycloak issues to a demo user (password = user name), cached for the run. */
    static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> {
            try {
                String form = "grant_type=password&client_id=aiim-cli&username=" + enc(u) + "&password=" + enc(u);
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK
                                + "/realms/ai-incident/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("Keycloak refused a token for " + u + ": " + response.body());
                }
                return EventJson.mapper().readTree(response.body()).get("access_token").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Sends a request as {@code user} (or anonymously when null); answers the response. */
    static HttpResponse<String> call(String user, String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json, */*;q=0.1")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Bearer " + token(user));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String url, String user) {
        try {
            return call(user, "GET", url, null).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
