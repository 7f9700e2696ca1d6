package dev.aiim.platform.security;

import dev.aiim.integrity.KeyRing;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The service's signing keys ({@link KeyRing}), in a service that signs ({@code aiim.signing.enabled=true} at
 * build time): read at startup from {@code aiim.signing.keys-dir} (env {@code AIIM_SIGNING_KEYS_DIR}). A service
 * run for real with no keys refuses to start, naming the setting: a signature under a key nobody configured would
 * prove nothing. In development and tests a key is made up for the run.
 */
@ApplicationScoped
@IfBuildProperty(name = "aiim.signing.enabled", stringValue = "true")
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final KeyRing ring;

    public SigningKeys(@ConfigProperty(name = "aiim.signing.keys-dir") Optional<String> directory,
                       @ConfigProperty(name = "aiim.signing.active-key") Optional<String> activeKey) {
        this.ring = ring(directory.filter(d -> !d.isBlank()), activeKey, LaunchMode.current());
    }

    static KeyRing ring(Optional<String> directory, Optional<String> activeKey, LaunchMode mode) {
        if (directory.isPresent()) {
            try {
                return KeyRing.load(Path.of(directory.get()), activeKey);
            } catch (RuntimeException e) {
                throw new IllegalStateException(e.getMessage() + " (aiim.signing.keys-dir, env AIIM_SIGNING_KEYS_DIR;"
                        + " aiim.signing.active-key, env AIIM_SIGNING_ACTIVE_KEY)", e);
            }
        }
        if (mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("No signing keys: set aiim.signing.keys-dir (env AIIM_SIGNING_KEYS_DIR) to"
                    + " a directory of <kid>.pem Ed25519 keys (docs/verifying-exports.md). This service signs what it"
                    + " issues and will not start without a key of its own.");
        }
        KeyRing ephemeral = KeyRing.ephemeral();
        LOG.infof("Signing with key %s, made up for this %s run (set aiim.signing.keys-dir to keep one)",
                ephemeral.active().kid(), mode.getDefaultProfile());
        return ephemeral;
    }

    /** Loads the keys at startup, so a missing or broken key stops the service before it serves anything. */
    void loadAtStartup(@Observes StartupEvent event) {
        LOG.infof("Signing with key %s; %d public keys published", ring.active().kid(), ring.published().size());
    }

    public KeyRing ring() {
        return ring;
    }
}
