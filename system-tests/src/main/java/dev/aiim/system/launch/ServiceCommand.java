package dev.aiim.system.launch;

import dev.aiim.contracts.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line that runs one packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as the
 * system and fault tests run it: on 127.0.0.1 at a given port, against the tests' broker and the service's test
 * database, with the clock adjustable, mail to the tests' own SMTP sink and retries quick enough for a test.
 */
public final class ServiceCommand {

    /** Keycloak with the realm ai-incident (deploy/local/platform starts it on 8180). */
    public static final String KEYCLOAK = System.getProperty("aiim.keycloak", "http://127.0.0.1:8180");
    /** The tests' own broker (deploy/local/platform starts it on 19092), never the running platform's. */
    public static final String TEST_KAFKA = Optional.ofNullable(System.getenv("AIIM_TEST_KAFKA_BOOTSTRAP"))
            .filter(s -> !s.isBlank()).orElse("127.0.0.1:19092");

    /** A service, its test database, and the topic behind each of its incoming channels. */
    public enum Module {
        DETECTION("detection-service", "detection", Map.of("incident-events", Topics.INCIDENT_EVENTS)),
        INCIDENT("incident-service", "incident", Map.of("detections", Topics.DETECTIONS, "people", Topics.PEOPLE,
                "ai-systems", Topics.AI_SYSTEMS)),
        NOTIFICATION("notification-service", "notification", Map.of("incident-events", Topics.INCIDENT_EVENTS,
                "ai-systems", Topics.AI_SYSTEMS)),
        REPORTING("reporting-service", "reporting", Map.of("incident-events", Topics.INCIDENT_EVENTS,
                "notifications", Topics.NOTIFICATIONS, "ai-systems", Topics.AI_SYSTEMS));

        public final String module;
        public final String database;
        /** channel name -> topic */
        public final Map<String, String> incoming;

        Module(String module, String database, Map<String, String> incoming) {
            this.module = module;
            this.database = database;
            this.incoming = incoming;
        }

        /** The consumer group this service's channels use in a run named {@code run}. */
        public String group(String run) {
            return module + "-" + run;
        }
    }

    private final Module module;
    private final Path jar;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private ServiceCommand(Module module, Path jar) {
        this.module = module;
        this.jar = jar;
    }

    /**
     * The service at {@code port}, its application database reached at {@code databaseAddress} (host:port; a
     * test may put a proxy there) while Flyway's migrations go to PostgreSQL directly, and its messages on
     * {@code kafka}. Each incoming channel reads in the consumer group {@link Module#group(String)} of {@code run}.
     */
    public static ServiceCommand of(Module module, Path root, int port, String kafka, String databaseAddress,
                                    String run) {
        Path jar = root.resolve(module.module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first");
        }
        ServiceCommand command = new ServiceCommand(module, jar)
                .set("quarkus.http.host", "127.0.0.1").set("quarkus.http.port", String.valueOf(port))
                .set("aiim.clock.adjustable", "true").set("kafka.bootstrap.servers", kafka)
                .set("quarkus.datasource.reactive.url",
                        "postgresql://" + databaseAddress + "/" + module.database + "_test")
                .set("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + module.database + "_test");
        for (String channel : module.incoming.keySet()) {
            command.set("mp.messaging.incoming." + channel + ".group.id", module.group(run));
        }
        return command;
    }

    /** Mail to the SMTP sink on {@code smtpPort}; quick delivery retries; the provider the exports name. */
    public ServiceCommand forTests(int smtpPort) {
        if (module == Module.NOTIFICATION) {
            set("quarkus.mailer.port", String.valueOf(smtpPort)).set("quarkus.mailer.start-tls", "DISABLED")
                    .set("aiim.notification.retry.base", "500ms").set("aiim.notification.retry.cap", "2s")
                    .set("aiim.notification.workers.idle", "200ms");
        }
        if (module == Module.REPORTING) {
            set("aiim.reporting.entity.legal-name", "Example AI Provider GmbH").set("aiim.reporting.entity.role",
                    "PROVIDER").set("aiim.reporting.entity.country", "DE")
                    .set("aiim.reporting.entity.contact-name", "Dana Risk")
                    .set("aiim.reporting.entity.contact-email", "compliance@provider.example")
                    .set("aiim.reporting.entity.dpo-email", "dpo@provider.example");
        }
        return this;
    }

    /** Every incoming channel starts from {@code reset} (earliest | latest) when its group has no offset yet. */
    public ServiceCommand offsetReset(String reset) {
        module.incoming.keySet()
                .forEach(channel -> set("mp.messaging.incoming." + channel + ".auto.offset.reset", reset));
        return this;
    }

    public ServiceCommand set(String property, String value) {
        properties.put(property, value);
        return this;
    }

    /** The command line, with the JVM of this test run and a 384 MiB heap. */
    public List<String> build() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }
}
