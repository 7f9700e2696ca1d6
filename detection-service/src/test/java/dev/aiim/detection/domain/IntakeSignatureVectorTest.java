package dev.aiim.detection.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known answers for the intake signature, so a sender in any language can check its implementation against ours:
 * {@code X-AIIM-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>}. The expected values were
 * computed outside Java, with {@code printf '%s' "$TIMESTAMP.$BODY" | openssl dgst -sha256 -hmac "$SECRET"}
 * (docs/intake.md shows the same).
 */
class IntakeSignatureVectorTest {

    private static final String SECRET = "aiim_ss_known-answer-secret";
    private static final String TIMESTAMP = "1764950400";
    private static final String BODY =
            "{\"systemId\":\"credit-scoring\",\"category\":\"BIAS_FAIRNESS\",\"summary\":\"Approval rate for 60+ fell\"}";

    @Test
    void a_signed_body_matches_the_known_answer() {
        assertThat(IntakeCredentials.signature(SECRET, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=924ff6eb2ac7464cfa483f11552fcdbb1f6fcd200093621d0d8617dd6113dc20");
    }

    @Test
    void an_empty_body_signs_the_timestamp_and_the_dot() {
        assertThat(IntakeCredentials.signature(SECRET, TIMESTAMP, new byte[0]))
                .isEqualTo("v1=6b36cd6ec7f0b34936c97eae6d4bc78dcc51d17a559e88db943b218b6d284a3c");
    }

    @Test
    void the_known_answer_verifies_and_one_changed_byte_does_not() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String known = "v1=924ff6eb2ac7464cfa483f11552fcdbb1f6fcd200093621d0d8617dd6113dc20";
        assertThat(IntakeCredentials.signatureMatches(SECRET, TIMESTAMP, body, known)).isTrue();
        body[body.length - 2] = 'X';
        assertThat(IntakeCredentials.signatureMatches(SECRET, TIMESTAMP, body, known)).isFalse();
        assertThat(IntakeCredentials.signatureMatches(SECRET, "1764950401", BODY.getBytes(StandardCharsets.UTF_8),
                known)).as("another timestamp").isFalse();
    }

    @Test
    void the_timestamp_is_fresh_within_five_minutes_either_way() {
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));
        assertThat(IntakeCredentials.timestampFresh(TIMESTAMP, signedAt.plusSeconds(300))).isTrue();
        assertThat(IntakeCredentials.timestampFresh(TIMESTAMP, signedAt.minusSeconds(300))).isTrue();
        assertThat(IntakeCredentials.timestampFresh(TIMESTAMP, signedAt.plusSeconds(301))).isFalse();
        assertThat(IntakeCredentials.timestampFresh("yesterday", signedAt)).isFalse();
    }
}
