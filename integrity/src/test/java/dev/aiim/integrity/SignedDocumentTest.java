package dev.aiim.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignedDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyRing ring = KeyRing.ephemeral();
    private final Map<String, PublicKey> published = ring.published();

    private ObjectNode export() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"regime": "eu-ai-act-art73", "stage": "INITIAL", "rate": 0.10, "count": 3,
                 "text": "Zoë's \\"credit\\" model", "integrity": {"headHash": "ab12", "eventCount": 3}}""");
    }

    @Test
    void a_signed_document_verifies_whatever_its_field_order_and_spacing() throws Exception {
        ObjectNode signed = SignedDocument.sign(export(), ring.active());
        assertThat(signed.get("signature").get("kid").asText()).isEqualTo(ring.active().kid());
        assertThat(signed.get("signature").get("jws").asText()).matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+");

        String reordered = "{\"integrity\": {\"eventCount\": 3, \"headHash\": \"ab12\"}, \"count\": 3, \"rate\": 0.1,"
                + " \"text\": \"Zo\\u00eb's \\\"credit\\\" model\", \"stage\": \"INITIAL\","
                + " \"regime\": \"eu-ai-act-art73\","
                + " \"signature\": " + signed.get("signature") + "}";
        assertThat(SignedDocument.verify(JSON.readTree(reordered), published).valid()).isTrue();
    }

    @Test
    void one_character_changed_breaks_the_signature() throws Exception {
        String signed = SignedDocument.sign(export(), ring.active()).toString();
        JsonNode tampered = JSON.readTree(signed.replace("\"ab12\"", "\"ab13\""));
        DetachedJws.Check check = SignedDocument.verify(tampered, published);
        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).contains("does not match the content");
    }

    @Test
    void a_forgery_signed_with_any_other_key_fails_even_under_the_services_key_id() throws Exception {
        KeyPair other = Ed25519.generate();
        ObjectNode changed = export().put("count", 1);
        // under a key id of its own: unknown
        assertThat(SignedDocument.verify(SignedDocument.sign(changed, new SigningKey("attacker", other.getPrivate(),
                other.getPublic())), published).reason()).contains("not among the published keys");
        // claiming the service's key id: the signature does not verify under the service's key
        assertThat(SignedDocument.verify(SignedDocument.sign(changed, new SigningKey(ring.active().kid(),
                other.getPrivate(), other.getPublic())), published).valid()).isFalse();
    }

    @Test
    void a_document_without_a_signature_or_with_another_algorithm_is_refused() throws Exception {
        assertThat(SignedDocument.verify(export(), published).reason()).contains("carries no signature");
        ObjectNode signed = SignedDocument.sign(export(), ring.active());
        String jws = signed.get("signature").get("jws").asText();
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"alg\":\"none\",\"kid\":\""
                + ring.active().kid() + "\"}").getBytes(StandardCharsets.UTF_8)) + jws.substring(jws.indexOf('.'));
        ((ObjectNode) signed.get("signature")).put("jws", none);
        assertThat(SignedDocument.verify(signed, published).reason()).contains("not EdDSA");
    }

    @Test
    void the_canonical_form_is_rfc_8785() throws Exception {
        assertThat(new String(SignedDocument.canonical(JSON.readTree(
                "{\"b\": [1.0, 1e30, -0.5, \"\\u00e9\\n\"], \"a\": {\"d\": true, \"c\": null}}")),
                StandardCharsets.UTF_8)).isEqualTo("{\"a\":{\"c\":null,\"d\":true},\"b\":[1,1e+30,-0.5,\"é\\n\"]}");
    }
}
