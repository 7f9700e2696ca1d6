package dev.aiim.integrity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.erdtman.jcs.JsonCanonicalizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.Map;

/**
 * A JSON document signed in itself: {@code "signature": {"alg": "EdDSA", "kid", "jws"}}, where {@code jws} is a
 * detached JWS whose payload is the document without its {@code signature} member in the RFC 8785 canonical form
 * (JCS: members sorted, no whitespace, numbers and strings written one way). Field order and spacing can change
 * in transit; not one value can.
 */
public final class SignedDocument {

    public static final String MEMBER = "signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignedDocument() {
    }

    /** The document with its signature member (replacing any it had). */
    public static ObjectNode sign(ObjectNode document, SigningKey key) {
        ObjectNode signed = document.deepCopy();
        signed.remove(MEMBER);
        String jws = DetachedJws.sign(key, canonical(signed));
        signed.putObject(MEMBER).put("alg", KeyRing.ALGORITHM).put("kid", key.kid()).put("jws", jws);
        return signed;
    }

    /** Whether the document is unaltered and signed by one of {@code keys}. */
    public static DetachedJws.Check verify(JsonNode document, Map<String, PublicKey> keys) {
        JsonNode signature = document == null ? null : document.get(MEMBER);
        if (signature == null || !signature.hasNonNull("jws")) {
            return new DetachedJws.Check(false, null, "The document carries no signature (\"signature\": {\"jws\"})");
        }
        ObjectNode unsigned = ((ObjectNode) document).deepCopy();
        unsigned.remove(MEMBER);
        return DetachedJws.verify(signature.get("jws").asText(), canonical(unsigned), keys);
    }

    /** The RFC 8785 canonical form of a JSON value, UTF-8. */
    public static byte[] canonical(JsonNode value) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(value)).getEncodedUTF8();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
