package dev.aiim.platform.security;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.PdfSigningKey;
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
    private final PdfSigningKey pdf;

    public SigningKeys(@ConfigProperty(name = "aiim.signing.keys-dir") Optional<String> directory,
                       @ConfigProperty(name = "aiim.signing.active-key") Optional<String> activeKey,
                       @ConfigProperty(name = "aiim.signing.pdf", defaultValue = "false") boolean signsPdf) {
        this.ring = ring(directory.filter(d -> !d.isBlank()), activeKey, LaunchMode.current());
        this.pdf = signsPdf ? pdf(directory.filter(d -> !d.isBlank()), LaunchMode.current()) : null;
    }

    /** The PDF signing key: {@value PdfSigningKey#FILE} in the key directory; made up in development and tests. */
    static PdfSigningKey pdf(Optional<String> directory, LaunchMode mode) {
        Optional<Path> file = directory.map(d -> Path.of(d, PdfSigningKey.FILE)).filter(java.nio.file.Files::exists);
        if (file.isPresent()) {
            return PdfSigningKey.load(file.get());
        }
        if (mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("No PDF signing key: the signing key directory (aiim.signing.keys-dir,"
                    + " env AIIM_SIGNING_KEYS_DIR) must hold " + PdfSigningKey.FILE + ", an EC P-256 PRIVATE KEY"
                    + " and its CERTIFICATE (docs/verifying-exports.md)");
        }
        return PdfSigningKey.generate("AI incident platform (" + mode.getDefaultProfile() + " run)");
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
        LOG.infof("Signing with key %s; %d public keys published%s", ring.active().kid(), ring.published().size(),
                pdf == null ? "" : "; PDFs with key " + pdf.kid() + " (" + pdf.certificate().getSubjectX500Principal()
                        + ")");
    }

    public KeyRing ring() {
        return ring;
    }

    /** The PDF signing key, in a service that signs PDFs ({@code aiim.signing.pdf=true}). */
    public Optional<PdfSigningKey> pdf() {
        return Optional.ofNullable(pdf);
    }

    /** The JWK Set to publish: the Ed25519 keys, and the PDF signing key with its certificate when there is one. */
    public ObjectNode jwks() {
        ObjectNode set = ring.jwks();
        if (pdf != null) {
            ((ArrayNode) set.get("keys")).add(pdf.jwk());
        }
        return set;
    }
}
