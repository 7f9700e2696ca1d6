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
 * local values ({@code %dev}, {@code %test}); the check runs only in the prod profile.
 */
public final class RequiredSettings {

    /** A setting, the environment variable that sets it, and what it is for. */
    public record Setting(String name, String env, String purpose) {
    }

    public static final Setting SECRET_KEY = new Setting("aiim.secret-key", "AIIM_SECRET_KEY",
            "the service's AES key for secrets at rest, form tokens and signed links (base64 of 32 random bytes)");
    public static final Setting DATABASE_PASSWORD = new Setting("quarkus.datasource.password", "AIIM_DB_PASSWORD",
            "the password of the service's database role");
    public static final Setting SIGNING_KEYS = new Setting("aiim.signing.keys-dir", "AIIM_SIGNING_KEYS_DIR",
            "the directory of the service's Ed25519 signing keys (<kid>.pem)");

    /** The browser sign-in's client secret of an OIDC tenant. */
    public static Setting clientSecret(String tenant) {
        return new Setting("quarkus.oidc." + tenant + ".credentials.secret", "AIIM_OIDC_CLIENT_SECRET",
                "the Keycloak client secret of the " + tenant + "'s sign-in");
    }

    private RequiredSettings() {
    }

    /** Exits (status 1) naming every missing setting when run in the prod profile; returns otherwise. */
    public static void check(String service, Setting... settings) {
        List<Setting> missing = missing(config(), settings);
        if (!missing.isEmpty()) {
            describe(service, missing, System.err);
            System.exit(1);
        }
    }

    static List<Setting> missing(SmallRyeConfig config, Setting... settings) {
        if (!config.getProfiles().contains("prod")) {
            return List.of();
        }
        List<Setting> missing = new ArrayList<>();
        for (Setting setting : settings) {
            Optional<String> value;
            try {
                value = config.getOptionalValue(setting.name(), String.class);
            } catch (NoSuchElementException e) {
                // an expression such as ${AIIM_DB_PASSWORD} with nothing behind it
                value = Optional.empty();
            }
            if (value.filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(setting);
            }
        }
        return missing;
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
