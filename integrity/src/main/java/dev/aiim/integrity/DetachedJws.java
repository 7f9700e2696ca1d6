package dev.aiim.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * A detached compact JWS (RFC 7515 appendix F): {@code header..signature}, the payload left out and supplied by
 * the verifier. The payload is base64url-encoded in the signing input as usual (no {@code b64: false}), so any JWS
 * library verifies it once the payload is put back in the middle.
 */
public final class DetachedJws {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of a check: which key signed, or why it does not verify. */
    public record Check(boolean valid, String kid, String reason) {
    }

    private DetachedJws() {
    }

    public static String sign(SigningKey key, byte[] payload) {
        String header = B64.encodeToString(("{\"alg\":\"" + KeyRing.ALGORITHM + "\",\"kid\":\"" + key.kid() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] signature = key.sign(signingInput(header, payload));
        return header + ".." + B64.encodeToString(signature);
    }

    public static Check verify(String jws, byte[] payload, Map<String, PublicKey> keys) {
        String[] parts = jws == null ? new String[0] : jws.split("\\.", -1);
        if (parts.length != 3 || !parts[1].isEmpty()) {
            return new Check(false, null, "The signature is not a detached compact JWS (header..signature)");
        }
        JsonNode header;
        byte[] signature;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IOException | IllegalArgumentException e) {
            return new Check(false, null, "The signature's header or value is not base64url JSON");
        }
        String kid = header.path("kid").asText(null);
        if (!KeyRing.ALGORITHM.equals(header.path("alg").asText())) {
            return new Check(false, kid, "The signature's algorithm is " + header.path("alg") + ", not EdDSA");
        }
        PublicKey key = kid == null ? null : keys.get(kid);
        if (key == null) {
            return new Check(false, kid, "The signature names key " + kid + ", which is not among the published keys "
                    + keys.keySet());
        }
        if (!SigningKey.verifies(key, signingInput(parts[0], payload), signature)) {
            return new Check(false, kid, "The signature does not match the content under key " + kid
                    + ": the document was changed after it was signed, or signed by someone else");
        }
        return new Check(true, kid, "Signed with key " + kid);
    }

    private static byte[] signingInput(String header, byte[] payload) {
        return (header + "." + B64.encodeToString(payload)).getBytes(StandardCharsets.US_ASCII);
    }
}
