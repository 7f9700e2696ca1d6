package dev.aiim.system.launch;

import dev.aiim.contracts.Topics;
import dev.aiim.integrity.Ed25519;
import dev.aiim.integrity.PdfSigningKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
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
    /** The browser sign-ins' client secret: the local Keycloak realm's (deploy/local/realm-ai-incident.json). */
    static final String OIDC_CLIENT_SECRET = Optional.ofNullable(System.getenv("AIIM_OIDC_CLIENT_SECRET"))
            .filter(s -> !s.isBlank()).orElse("aiim-services-local-secret");
    /** The tests' own broker (deploy/local/platform starts it on 19092), never the running platform's. */
    public static final String TEST_KAFKA = Optional.ofNullable(System.getenv("AIIM_TEST_KAFKA_BOOTSTRAP"))
            .filter(s -> !s.isBlank()).orElse("127.0.0.1:19092");

    /** A service, its test database, and the topic behind each of its incoming channels. */
    public enum Module {
        DETECTION("detection-service", "detection", false, Map.of("incident-events", Topics.INCIDENT_EVENTS)),
        INCIDENT("incident-service", "incident", true, Map.of("detections", Topics.DETECTIONS, "people",
                Topics.PEOPLE, "ai-systems", Topics.AI_SYSTEMS)),
        NOTIFICATION("notification-service", "notification", false, Map.of("incident-events",
                Topics.INCIDENT_EVENTS, "ai-systems", Topics.AI_SYSTEMS)),
        REPORTING("reporting-service", "reporting", true, Map.of("incident-events", Topics.INCIDENT_EVENTS,
                "notifications", Topics.NOTIFICATIONS, "ai-systems", Topics.AI_SYSTEMS, "integrity-checkpoints",
                Topics.INTEGRITY_CHECKPOINTS));

        public final String module;
        public final String database;
        /** Whether it signs what it issues (and so needs signing keys). */
        public final boolean signs;
        /** channel name -> topic */
        public final Map<String, String> incoming;

        Module(String module, String database, boolean signs, Map<String, String> incoming) {
            this.module = module;
            this.database = database;
            this.signs = signs;
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
        // run for real, a service has no built-in secrets: the tests give it its own
        // (the local roles' passwords are their names: the service's own role, and the owner that migrates)
        command.set("aiim.secret-key", secretKey(root, module))
                .set("quarkus.datasource.password", module.database + "_app")
                .set("quarkus.flyway.password", module.database);
        if (module.signs) {
            command.set("aiim.signing.keys-dir", signingKeys(root, module).toString());
        }
        String tenant = module == Module.INCIDENT ? "console" : module == Module.REPORTING ? "dashboard" : null;
        if (tenant != null) {
            command.set("quarkus.oidc." + tenant + ".credentials.secret", OIDC_CLIENT_SECRET);
        }
        return command;
    }

    /** The service's key for secrets at rest (32 random bytes), made once per build under {@code target/}. */
    static synchronized String secretKey(Path root, Module module) {
        Path file = root.resolve("target/secret-keys/" + module.module + ".key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a secret key under " + file, e);
        }
    }

    /**
     * The service's signing key directory, made once per build under {@code target/} and kept, so a service
     * restarted by a test still verifies what it signed before (a service run for real will not start without one).
     */
    static synchronized Path signingKeys(Path root, Module module) {
        Path directory = root.resolve("target/signing-keys/" + module.module);
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("tests-" + module.database + ".pem"),
                        Ed25519.pem(Ed25519.generate().getPrivate()));
            }
            Path pdf = directory.resolve(PdfSigningKey.FILE);
            if (module == Module.REPORTING && !Files.exists(pdf)) {
                Files.writeString(pdf, PdfSigningKey.generate("AI incident platform (system tests)").pem());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a signing key under " + directory, e);
        }
    }

    /** Mail to the SMTP sink on {@code smtpPort}; quick delivery retries; the provider the exports name. */
    public ServiceCommand forTests(int smtpPort) {
        if (module == Module.NOTIFICATION) {
            set("quarkus.mailer.port", String.valueOf(smtpPort)).set("quarkus.mailer.start-tls", "DISABLED")
                    .set("aiim.notification.retry.base", "500ms").set("aiim.notification.retry.cap", "2s")
                    .set("aiim.notification.workers.idle", "200ms");
        }
        if (module == Module.INCIDENT) {
            // a checkpoint a few seconds after events are stored, so that exports are covered while a test waits
            set("aiim.incident.checkpoints.every", "PT2S").set("aiim.incident.checkpoints.poll", "PT1S");
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

    /**
     * Its migrations alone, as Kubernetes runs them in the init container before the service: the profile
     * {@code migrate} starts, migrates as the database's owner and exits.
     */
    public ServiceCommand migrationsOnly() {
        return set("quarkus.profile", "migrate");
    }

    /** The service itself after its migrations ran apart: it migrates nothing and never holds the owner's password. */
    public ServiceCommand migratedApart() {
        return set("quarkus.flyway.migrate-at-start", "false").without("quarkus.flyway.password");
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

    /** Leaves a setting out (to see how the service starts without it). */
    public ServiceCommand without(String property) {
        properties.remove(property);
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
