package dev.aiim.integrity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PdfSigningKeyTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(PdfSigningKeyTest.class.getResource("/keys/" + name).toURI());
    }

    @Test
    void openssls_key_and_certificate_load_and_publish_as_an_ec_jwk_with_its_certificate() throws Exception {
        // made with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k -out c; cat k c
        PdfSigningKey key = PdfSigningKey.load(fixture("openssl-pdf-signing.pem"));
        assertThat(key.kid()).startsWith("pdf-");
        ObjectNode jwk = key.jwk();
        assertThat(jwk.path("kty").asText()).isEqualTo("EC");
        assertThat(jwk.path("crv").asText()).isEqualTo("P-256");
        assertThat(jwk.path("x").asText()).hasSize(43);
        ObjectNode set = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        set.putArray("keys").add(jwk);
        assertThat(PdfSigningKey.certificates(set)).containsExactly(key.certificate());
        // the Ed25519 reader leaves it out
        assertThat(KeyRing.fromJwks(set)).isEmpty();
    }

    @Test
    void a_generated_key_writes_the_file_it_is_read_from_and_the_key_ring_leaves_that_file_alone(@TempDir Path dir)
            throws Exception {
        PdfSigningKey made = PdfSigningKey.generate("Test");
        Files.writeString(dir.resolve(PdfSigningKey.FILE), made.pem());
        Files.copy(fixture("openssl-2026.pem"), dir.resolve("openssl-2026.pem"));
        assertThat(PdfSigningKey.load(dir.resolve(PdfSigningKey.FILE)).kid()).isEqualTo(made.kid());
        KeyRing ring = KeyRing.load(dir, Optional.empty());
        assertThat(ring.published()).containsOnlyKeys("openssl-2026");
    }
}
