package dev.aiim.faults;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.aiim.platform.testing.PostgresProxy;
import dev.aiim.system.launch.ServiceCommand;
import dev.aiim.system.story.PlatformClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The platform under faults: the four packaged services started as processes of this test JVM (on ports
 * 28081-28084, against the test databases through a {@link PostgresProxy} and the tests' broker), which a fault
 * may kill ({@code SIGKILL}), pause ({@code SIGSTOP}) and start again; the tests' broker, which it may kill and
 * start again on its data; and the database, which it may take away. Started once per test JVM; stops with it.
 */
final class FaultPlatform {

    enum Service {
        DETECTION(ServiceCommand.Module.DETECTION, 28081),
        INCIDENT(ServiceCommand.Module.INCIDENT, 28082),
        NOTIFICATION(ServiceCommand.Module.NOTIFICATION, 28083),
        REPORTING(ServiceCommand.Module.REPORTING, 28084);

        final ServiceCommand.Module module;
        final int port;

        Service(ServiceCommand.Module module, int port) {
            this.module = module;
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

    private static FaultPlatform instance;

    private final Path root = Path.of(System.getProperty("aiim.root", ".."));
    private final Path logs = root.resolve("fault-suite/target/services");
    private final String run = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final PostgresProxy database = PostgresProxy.start();
    private final ServerSetup smtp = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    private volatile GreenMail mail = new GreenMail(smtp);

    private FaultPlatform() {
    }

    /** The platform of this test JVM, started on first use with every service ready. */
    static synchronized FaultPlatform get() {
        if (instance == null) {
            FaultPlatform platform = new FaultPlatform();
            platform.boot();
            instance = platform;
        }
        return instance;
    }

    private void boot() {
        if (CLIENT.call(null, "GET", KEYCLOAK + "/realms/ai-incident", null).statusCode() != 200) {
            throw new IllegalStateException("Keycloak with realm ai-incident must answer on " + KEYCLOAK
                    + " (deploy/local/platform test and faults start it)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            database.close();
            mail.stop();
        }));
        mail.start();
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startGroupsAtTheEnd();
        for (Service service : Service.values()) {
            launch(service);
        }
        for (Service service : Service.values()) {
            awaitReady(service);
        }
    }

    /**
     * Each consumer group of this run starts with offsets at the end of its topics, committed before any of its
     * consumers exists: earlier runs' messages are not ours, and a service killed before its first commit still
     * resumes where it was, not at the newest message.
     */
    private void startGroupsAtTheEnd() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            for (Service service : Service.values()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                endOffsets(admin, List.copyOf(service.module.incoming.values()))
                        .forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
                admin.alterConsumerGroupOffsets(service.module.group(run), offsets).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not set up the consumer groups of " + run + " on " + KAFKA, e);
        }
    }

    /** Starts the service's process (after a kill: again, on the same databases and consumer groups). */
    synchronized void launch(Service service) {
        processes.put(service, start(service, service.port, service.module.module));
    }

    /**
     * A second replica of the service on {@code port}: the same databases and consumer groups, as a Deployment's
     * second pod. Stopped by {@link #stopReplica}; ready when this returns.
     */
    synchronized Process launchReplica(Service service, int port) {
        Process replica = start(service, port, service.module.module + "-" + port);
        awaitReady(service.module.module + " replica", port);
        return replica;
    }

    static void stopReplica(Process replica) {
        replica.destroy();
        try {
            if (!replica.waitFor(60, TimeUnit.SECONDS)) {
                replica.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process start(Service service, int port, String logName) {
        ServiceCommand command = ServiceCommand.of(service.module, root, port, KAFKA, database.address(), run)
                .forTests(smtp.getPort())
                // up to nine service processes (and in CI the running platform's four) share PostgreSQL's 100
                // connections: a pool of 8 each leaves room, where Quarkus's default of 20 ran out (53300)
                .set("quarkus.datasource.reactive.max-size", "8");
        if (service == Service.NOTIFICATION) {
            // enough retries to outlast a channel that fails, then hangs 30 s (fault 6), still quick for a test
            command.set("aiim.notification.retry.max-attempts", "30").set("aiim.notification.retry.cap", "3s")
                    .set("aiim.notification.send-timeout", "5s");
        }
        if (service == Service.DETECTION) {
            // as behind the cluster's ingress: each test reports from an address of its own (X-Forwarded-For), so
            // one test's reports do not count against another's rate limit
            command.set("aiim.detection.reports.trust-forwarded-for", "true");
        }
        try {
            Process process = new ProcessBuilder(command.build()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(logName + ".log").toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + logName, e);
        }
    }

    void awaitReady(Service service) {
        awaitReady(service.module.module, service.port);
    }

    private void awaitReady(String name, int port) {
        await(name + " on " + port + " ready (its log: " + logs + ")").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> CLIENT.call(null, "GET", "http://127.0.0.1:" + port + "/q/health/ready", null)
                        .statusCode() == 200);
    }

    /** {@code kill -9}: the process ends at once, leaving its connections, transactions and group membership. */
    synchronized void kill(Service service) {
        Process process = processes.get(service);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(service + " did not end after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code SIGSTOP}: the process stays, with its sockets open, and does nothing until {@link #resume}. */
    void pause(Service service) {
        signal(processes.get(service).pid(), "STOP");
    }

    /** {@code SIGCONT}. */
    void resume(Service service) {
        signal(processes.get(service).pid(), "CONT");
    }

    /** {@code kill -9} of the tests' broker; its data stays, as a crashed broker's would. */
    void killBroker() {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(stateDir().resolve("pids/kafka-test.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("The tests' broker was not started by deploy/local/platform", e);
        }
        ProcessHandle broker = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                "The tests' broker (pid " + pid + ") is not running"));
        broker.destroyForcibly();
        broker.onExit().join();
    }

    /** Starts the tests' broker again on its data (deploy/local/platform kafka-start test). */
    void startBroker() {
        String script = Optional.ofNullable(System.getenv("AIIM_PLATFORM_SCRIPT"))
                .orElse(root.resolve("deploy/local/platform").toString());
        try {
            Process start = new ProcessBuilder(script, "kafka-start", "test").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("broker-restarts.log").toFile()))
                    .start();
            if (start.waitFor() != 0) {
                throw new IllegalStateException("kafka-start test failed: see " + logs.resolve("broker-restarts.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the service's consumer group has committed, on every partition of its incoming topics, at least
     * the offsets those partitions end at now: it has taken everything that was sent until now.
     */
    void awaitCaughtUp(Service service, Duration within) {
        String group = service.module.group(run);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            Map<TopicPartition, Long> end = endOffsets(admin, List.copyOf(service.module.incoming.values()));
            await(service.module.module + " caught up with its topics").atMost(within)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                        return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey())
                                != null && committed.get(e.getKey()).offset() >= e.getValue()));
                    });
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the end offsets of " + topics + " on " + KAFKA, e);
        }
    }

    /** The mail server notification-service relays through (in this JVM). */
    GreenMail mail() {
        return mail;
    }

    /** The mail server goes away: connections to its port are refused. */
    synchronized void stopMail() {
        mail.stop();
    }

    /** The mail server is back, on the same port, with an empty mailbox. */
    synchronized void startMail() {
        mail = new GreenMail(smtp);
        mail.start();
    }

    /** The proxy every service reaches its database through. */
    PostgresProxy database() {
        return database;
    }

    private static Path stateDir() {
        String explicit = System.getenv("AIIM_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local/state"))
                .resolve("aiim");
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
