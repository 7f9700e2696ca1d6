package dev.aiim.platform.security;

import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The secrets a service needs and has no built-in value for when run for real. Checked by each service's
 * {@code main} before Quarkus starts, so a missing one stops it at once with every missing setting named (not a
 * database refusing an empty password, nor a sign-in failing hours later). Development and tests keep their
 * local values ({@code %dev}, {@code %test}); the check runs in the prod profile and in migrate
 * (migrations alone, as Kubernetes runs them before the service).
 */
public final class RequiredSettings {

    /**
     * A setting, the environment variable that sets it, and what it is for; needed always, or only while the
     * boolean setting {@code onlyWhen} is true.
     */
    public record Setting(String name, String env, String purpose, String onlyWhen) {
        public Setting(String name, String env, String purpose) {
            this(name, env, purpose, null);
        }
    }

    public static final Setting SECRET_KEY = new Setting("aiim.secret-key", "AIIM_SECRET_KEY",
            "the service's AES key for secrets at rest, form tokens and signed links (base64 of 32 random bytes)");
    public static final Setting DATABASE_PASSWORD = new Setting("quarkus.datasource.password", "AIIM_DB_PASSWORD",
            "the password of the service's database role");
    /** Only a service that runs the migrations needs the owner's password (on Kubernetes a separate step does). */
    public static final Setting DATABASE_OWNER_PASSWORD = new Setting("quarkus.flyway.password",
            "AIIM_DB_OWNER_PASSWORD", "the password of the database's owner role, which runs the migrations",
            "quarkus.flyway.migrate-at-start");
    public static final Setting SIGNING_KEYS = new Setting("aiim.signing.keys-dir", "AIIM_SIGNING_KEYS_DIR",
            "the directory of the service's Ed25519 signing keys (<kid>.pem)");

    /** The browser sign-in's client secret of an OIDC tenant. */
    public static Setting clientSecret(String tenant) {
        return new Setting("quarkus.oidc." + tenant + ".credentials.secret", "AIIM_OIDC_CLIENT_SECRET",
                "the Keycloak client secret of the " + tenant + "'s sign-in");
    }

    private RequiredSettings() {
    }

    /** Exits (status 1) naming every missing setting when run for real (prod, migrate); returns otherwise. */
    public static void check(String service, Setting... settings) {
        List<Setting> missing = missing(config(), settings);
        if (!missing.isEmpty()) {
            describe(service, missing, System.err);
            System.exit(1);
        }
    }

    static List<Setting> missing(SmallRyeConfig config, Setting... settings) {
        // run for real: the service, or its migrations alone (profile migrate, which needs only the owner's password)
        if (!config.getProfiles().contains("prod") && !config.getProfiles().contains("migrate")) {
            return List.of();
        }
        List<Setting> missing = new ArrayList<>();
        for (Setting setting : settings) {
            boolean needed = setting.onlyWhen() == null || value(config, setting.onlyWhen()).map(Boolean::parseBoolean)
                    .orElse(false);
            if (needed && value(config, setting.name()).filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(setting);
            }
        }
        return missing;
    }

    private static Optional<String> value(SmallRyeConfig config, String name) {
        try {
            return config.getOptionalValue(name, String.class);
        } catch (NoSuchElementException e) {
            // an expression such as ${AIIM_DB_PASSWORD} with nothing behind it
            return Optional.empty();
        }
    }

    static void describe(String service, List<Setting> missing, PrintStream out) {
        out.println("Refusing to start " + service + ": these settings have no value, and outside development and"
                + " tests there is no built-in one:");
        missing.forEach(s -> out.println("  - " + s.name() + " (env " + s.env() + "): " + s.purpose()));
        out.println("Set them in the service's environment: on Kubernetes from its Secrets"
                + " (deploy/kubernetes/README.md, \"Secrets\"); deploy/local/platform makes its own per install.");
    }

    /** The configuration Quarkus will read (system properties, environment, application.properties), unregistered. */
    private static SmallRyeConfig config() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String profile = Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE"))).orElse("prod");
        return new SmallRyeConfigBuilder().forClassLoader(loader).addDefaultSources().addDefaultInterceptors()
                .withProfiles(Arrays.asList(profile.split(",")))
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, loader))
                .build();
    }
}
