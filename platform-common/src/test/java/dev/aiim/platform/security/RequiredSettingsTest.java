package dev.aiim.platform.security;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredSettingsTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "aiim.secret-key", "${AIIM_SECRET_KEY_NOT_SET_IN_THIS_TEST}",
            "%test.aiim.secret-key", "${AIIM_SECRET_KEY_NOT_SET_IN_THIS_TEST:local}",
            "quarkus.datasource.password", "",
            "quarkus.oidc.console.credentials.secret", "set");

    private static SmallRyeConfig config(String profile) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile)
                .withSources(new PropertiesConfigSource(PROPERTIES, "test", 100)).build();
    }

    @Test
    void run_for_real_every_setting_without_a_value_is_named_at_once() {
        assertThat(RequiredSettings.missing(config("prod"), RequiredSettings.SECRET_KEY,
                RequiredSettings.DATABASE_PASSWORD, RequiredSettings.clientSecret("console"),
                RequiredSettings.SIGNING_KEYS))
                .containsExactly(RequiredSettings.SECRET_KEY, RequiredSettings.DATABASE_PASSWORD,
                        RequiredSettings.SIGNING_KEYS);
    }

    @Test
    void the_owner_password_is_needed_only_where_migrations_run() {
        SmallRyeConfig migrating = new SmallRyeConfigBuilder().withProfile("prod").withSources(
                new PropertiesConfigSource(Map.of("quarkus.flyway.migrate-at-start", "true"), "test", 100)).build();
        SmallRyeConfig notMigrating = new SmallRyeConfigBuilder().withProfile("prod").withSources(
                new PropertiesConfigSource(Map.of("quarkus.flyway.migrate-at-start", "false"), "test", 100)).build();
        assertThat(RequiredSettings.missing(migrating, RequiredSettings.DATABASE_OWNER_PASSWORD))
                .containsExactly(RequiredSettings.DATABASE_OWNER_PASSWORD);
        assertThat(RequiredSettings.missing(notMigrating, RequiredSettings.DATABASE_OWNER_PASSWORD)).isEmpty();
    }

    @Test
    void tests_and_development_keep_their_local_values() {
        assertThat(RequiredSettings.missing(config("test"), RequiredSettings.SECRET_KEY,
                RequiredSettings.DATABASE_PASSWORD)).isEmpty();
    }

    @Test
    void the_message_names_each_setting_and_its_environment_variable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RequiredSettings.describe("reporting-service", java.util.List.of(RequiredSettings.SIGNING_KEYS),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Refusing to start reporting-service",
                "  - aiim.signing.keys-dir (env AIIM_SIGNING_KEYS_DIR): the directory");
    }
}
