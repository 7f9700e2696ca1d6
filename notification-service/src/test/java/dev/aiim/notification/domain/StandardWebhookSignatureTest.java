package dev.aiim.notification.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhookSignatureTest {

    // The example of the Standard Webhooks specification (and of its reference libraries' tests)
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant AT = Instant.ofEpochSecond(1614265330);
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signs_the_specifications_example_as_its_libraries_do() {
        assertThat(StandardWebhookSignature.sign(SECRET, ID, AT, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verifies_within_the_tolerance_and_refuses_tampering_or_staleness() {
        String signature = StandardWebhookSignature.sign(SECRET, ID, AT, BODY);
        assertThat(StandardWebhookSignature.verify(SECRET, ID, "1614265330", BODY, "v2,x " + signature,
                AT.plusSeconds(299))).isTrue();
        assertThat(StandardWebhookSignature.verify(SECRET, ID, "1614265330", BODY, signature, AT.plusSeconds(301)))
                .as("stale").isFalse();
        assertThat(StandardWebhookSignature.verify(SECRET, ID, "1614265330", "{\"test\": 1}".getBytes(
                StandardCharsets.UTF_8), signature, AT)).as("another body").isFalse();
        assertThat(StandardWebhookSignature.verify(SECRET, "msg_other", "1614265330", BODY, signature, AT))
                .as("another id").isFalse();
        assertThat(StandardWebhookSignature.verify(SECRET, ID, "soon", BODY, signature, AT)).isFalse();
    }

    @Test
    void a_new_secret_has_the_prefix_and_32_bytes_and_a_bad_secret_is_refused() {
        String secret = StandardWebhookSignature.newSecret(new SecureRandom());
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThatThrownBy(() -> StandardWebhookSignature.sign("plain", ID, AT, BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
