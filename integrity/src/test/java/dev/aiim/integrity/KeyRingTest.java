package dev.aiim.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRingTest {

    private static final Path OPENSSL_KEY = Path.of("src/test/resources/keys/openssl-2026.pem");
    /** {@code openssl pkey -pubout} of that key, its 32 bytes base64url. */
    private static final String OPENSSL_X = "AZkAoJ9XCQHgj7-rTiW9ep2OEYkt_QcllLwjwBuxiBI";
    /** {@code printf 'signed outside Java' | openssl pkeyutl -sign -inkey openssl-2026.pem -rawin}, base64. */
    private static final String OPENSSL_SIGNATURE =
            "zrToX3CXxvmf8xRHEhMrDYDXT3V/uUC6iis73OV62r3f4BTa2wKaeKb21enqIfBPL5gy2SCj2g2VbpPo1j1tDw==";

    @Test
    void a_key_from_openssl_gives_the_public_key_openssl_gives_and_signs_as_openssl_does(@TempDir Path dir)
            throws Exception {
        Files.copy(OPENSSL_KEY, dir.resolve("openssl-2026.pem"));
        KeyRing ring = KeyRing.load(dir, Optional.empty());

        assertThat(ring.active().kid()).isEqualTo("openssl-2026");
        assertThat(ring.jwks().get("keys").get(0).get("x").asText()).isEqualTo(OPENSSL_X);
        byte[] message = "signed outside Java".getBytes(StandardCharsets.UTF_8);
        assertThat(SigningKey.verifies(ring.active().publicKey(), message,
                Base64.getDecoder().decode(OPENSSL_SIGNATURE))).isTrue();
        // Ed25519 is deterministic: the same key signs the same bytes the same way
        assertThat(Base64.getEncoder().encodeToString(ring.active().sign(message))).isEqualTo(OPENSSL_SIGNATURE);
    }

    @Test
    void the_public_key_derived_from_a_private_key_is_its_own() {
        KeyPair generated = Ed25519.generate();
        assertThat(Ed25519.pairOf(generated.getPrivate()).getPublic().getEncoded())
                .isEqualTo(generated.getPublic().getEncoded());
    }

    @Test
    void after_a_rotation_the_old_key_is_still_published_and_the_new_one_signs(@TempDir Path dir) throws Exception {
        KeyPair old = Ed25519.generate();
        KeyPair current = Ed25519.generate();
        Files.writeString(dir.resolve("2026-01.pem"), Ed25519.pem(old.getPublic()));
        Files.writeString(dir.resolve("2026-07.pem"), Ed25519.pem(current.getPrivate()));
        Files.writeString(dir.resolve("README.txt"), "not a key");

        KeyRing ring = KeyRing.load(dir, Optional.empty());

        assertThat(ring.active().kid()).isEqualTo("2026-07");
        assertThat(ring.jwks().get("keys")).extracting(k -> k.get("kid").asText())
                .containsExactly("2026-07", "2026-01");
        assertThat(KeyRing.fromJwks(ring.jwks())).containsOnlyKeys("2026-07", "2026-01");
        assertThat(KeyRing.fromJwks(ring.jwks()).get("2026-01").getEncoded()).isEqualTo(old.getPublic().getEncoded());
    }

    @Test
    void a_directory_without_a_usable_key_is_refused_with_what_to_fix(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KeyRing.load(dir.resolve("missing"), Optional.empty()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KeyRing.load(dir, Optional.empty())).hasMessageContaining("holds no private key");

        Files.writeString(dir.resolve("a.pem"), Ed25519.pem(Ed25519.generate().getPrivate()));
        Files.writeString(dir.resolve("b.pem"), Ed25519.pem(Ed25519.generate().getPrivate()));
        assertThatThrownBy(() -> KeyRing.load(dir, Optional.empty())).hasMessageContaining("name the one to sign with");
        assertThat(KeyRing.load(dir, Optional.of("b")).active().kid()).isEqualTo("b");
        assertThatThrownBy(() -> KeyRing.load(dir, Optional.of("c")))
                .hasMessageContaining("not among the private keys");

        Files.writeString(dir.resolve("broken.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyRing.load(dir, Optional.of("a"))).hasMessageContaining("broken.pem");
    }

    @Test
    void a_jwk_set_without_keys_is_refused() {
        ObjectNode empty = new ObjectMapper().createObjectNode();
        assertThatThrownBy(() -> KeyRing.fromJwks(empty)).hasMessageContaining("\"keys\" array");
    }
}
