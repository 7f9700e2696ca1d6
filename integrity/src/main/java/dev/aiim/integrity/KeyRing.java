package dev.aiim.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service's signing keys: the one it signs with now, and every public key it has signed with, so that what it
 * signed before a rotation still verifies. Read from a directory of PEM files named {@code <kid>.pem} (a Kubernetes
 * Secret mounted as files, or the local platform's state folder): a file holding a {@code PRIVATE KEY} is a key the
 * service may sign with, one holding only a {@code PUBLIC KEY} a retired key kept for verification.
 */
public record KeyRing(SigningKey active, Map<String, PublicKey> published) {

    public static final String ALGORITHM = "EdDSA";
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public KeyRing {
        published = Map.copyOf(published);
    }

    /**
     * The keys in {@code directory}; {@code activeKid} names the signing key when it holds several private keys.
     * Fails with a message that says what to fix: a missing directory, no private key, an unreadable file.
     */
    public static KeyRing load(Path directory, Optional<String> activeKid) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("The signing key directory " + directory + " does not exist");
        }
        Map<String, KeyPair> pairs = new TreeMap<>();
        Map<String, PublicKey> retired = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            // the PDF signing key (ECDSA, with its certificate) lives beside the Ed25519 keys and is read apart
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pem")
                    && !f.getFileName().toString().equals(PdfSigningKey.FILE)).sorted().toList()) {
                String name = file.getFileName().toString();
                String kid = name.substring(0, name.length() - ".pem".length());
                if (!KID.matcher(kid).matches()) {
                    throw new IllegalStateException("Signing key file " + file + ": a key id is 1 to 64 letters,"
                            + " digits, '.', '_' or '-'");
                }
                String pem = Files.readString(file);
                try {
                    byte[] privateDer = Ed25519.pemBlock(pem, "PRIVATE KEY");
                    if (privateDer != null) {
                        pairs.put(kid, Ed25519.pairOf(Ed25519.privateKey(privateDer)));
                        continue;
                    }
                    byte[] publicDer = Ed25519.pemBlock(pem, "PUBLIC KEY");
                    if (publicDer == null) {
                        throw new IllegalArgumentException("it holds neither a PRIVATE KEY nor a PUBLIC KEY");
                    }
                    retired.put(kid, Ed25519.publicKey(publicDer));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("Signing key file " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The signing key directory " + directory + " cannot be read", e);
        }
        if (pairs.isEmpty()) {
            throw new IllegalStateException("The signing key directory " + directory + " holds no private key"
                    + " (<kid>.pem with an Ed25519 PRIVATE KEY, e.g. from 'openssl genpkey -algorithm ed25519')");
        }
        String kid = activeKid.filter(s -> !s.isBlank()).orElseGet(() -> {
            if (pairs.size() > 1) {
                throw new IllegalStateException("The signing key directory " + directory + " holds " + pairs.size()
                        + " private keys " + pairs.keySet() + ": name the one to sign with");
            }
            return pairs.keySet().iterator().next();
        });
        KeyPair active = pairs.get(kid);
        if (active == null) {
            throw new IllegalStateException("The active signing key " + kid + " is not among the private keys in "
                    + directory + " " + pairs.keySet());
        }
        Map<String, PublicKey> all = new LinkedHashMap<>(retired);
        pairs.forEach((id, pair) -> all.put(id, pair.getPublic()));
        return new KeyRing(new SigningKey(kid, active.getPrivate(), active.getPublic()), all);
    }

    /** A key made up for this run only (development and tests): what it signed verifies nowhere else. */
    public static KeyRing ephemeral() {
        KeyPair pair = Ed25519.generate();
        String kid = "ephemeral-" + UUID.randomUUID().toString().substring(0, 8);
        return new KeyRing(new SigningKey(kid, pair.getPrivate(), pair.getPublic()), Map.of(kid, pair.getPublic()));
    }

    /** The public keys as a JWK Set (RFC 7517; Ed25519 keys as RFC 8037 OKP keys), the one in use first. */
    public ObjectNode jwks() {
        ObjectNode set = JSON.createObjectNode();
        ArrayNode keys = set.putArray("keys");
        List<String> kids = new ArrayList<>(new TreeMap<>(published).keySet());
        kids.remove(active.kid());
        kids.add(0, active.kid());
        for (String kid : kids) {
            keys.addObject().put("kty", "OKP").put("crv", "Ed25519").put("kid", kid).put("use", "sig")
                    .put("alg", ALGORITHM)
                    .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(Ed25519.raw(published.get(kid))));
        }
        return set;
    }

    /** The Ed25519 keys of a JWK Set by key id; keys of other types (the PDF's EC key) are left out. */
    public static Map<String, PublicKey> fromJwks(JsonNode set) {
        JsonNode keys = set == null ? null : set.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException("a JWK Set is an object with a \"keys\" array");
        }
        Map<String, PublicKey> found = new LinkedHashMap<>();
        for (JsonNode key : keys) {
            if ("OKP".equals(key.path("kty").asText()) && "Ed25519".equals(key.path("crv").asText())
                    && key.hasNonNull("kid") && key.hasNonNull("x")) {
                found.put(key.get("kid").asText(), Ed25519.fromRaw(Base64.getUrlDecoder().decode(
                        key.get("x").asText())));
            }
        }
        return found;
    }
}
