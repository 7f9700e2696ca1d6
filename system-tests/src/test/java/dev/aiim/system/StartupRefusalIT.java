package dev.aiim.system;

import dev.aiim.system.launch.ServiceCommand;
import dev.aiim.system.launch.ServiceCommand.Module;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A packaged service run for real (the prod profile) without a key or secret it needs does not start: it stops at
 * once and names the setting, rather than running on a built-in value published with the source.
 */
class StartupRefusalIT {

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
            "REPORTING, aiim.signing.keys-dir, AIIM_SIGNING_KEYS_DIR",
            "DETECTION, aiim.secret-key, AIIM_SECRET_KEY",
            "NOTIFICATION, quarkus.datasource.password, AIIM_DB_PASSWORD",
            "DETECTION, quarkus.flyway.password, AIIM_DB_OWNER_PASSWORD",
            "INCIDENT, quarkus.oidc.console.credentials.secret, AIIM_OIDC_CLIENT_SECRET"})
    void a_service_without_a_secret_it_needs_refuses_to_start_and_names_the_setting(Module module, String setting,
                                                                                    String env) throws Exception {
        Path root = Path.of(System.getProperty("aiim.root", ".."));
        Path log = root.resolve("system-tests/target/services/" + module.module + "-without-" + setting + ".log");
        Files.createDirectories(log.getParent());
        Process service = new ProcessBuilder(ServiceCommand.of(module, root, Platform.freePort(),
                ServiceCommand.TEST_KAFKA, "127.0.0.1:5432", "refusal").without(setting).build())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(service.waitFor(120, TimeUnit.SECONDS)).as("the service stopped on its own").isTrue();
            assertThat(service.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("Refusing to start " + module.module,
                    "  - " + setting + " (env " + env + ")");
        } finally {
            service.destroyForcibly();
        }
    }
}
