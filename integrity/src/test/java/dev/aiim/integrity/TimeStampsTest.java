package dev.aiim.integrity;

import dev.aiim.integrity.testing.TimeStampAuthority;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeStampsTest {

    private static final String DIGEST = "9f".repeat(32);

    @Test
    void a_digest_stamped_over_http_verifies_with_the_time_and_the_authority() throws Exception {
        try (TimeStampAuthority tsa = new TimeStampAuthority("Test TSA")) {
            Instant before = Instant.now().minusSeconds(1);
            String token = TimeStamps.stamp(HttpClient.newHttpClient(), tsa.start(), DIGEST, Duration.ofSeconds(10));
            TimeStamps.Check check = TimeStamps.verify(token, DIGEST);
            assertThat(check.valid()).as(check.detail()).isTrue();
            assertThat(check.authority()).isEqualTo("CN=Test TSA");
            assertThat(check.stampedAt()).isAfter(before);
            assertThat(tsa.answered()).isEqualTo(1);
        }
    }

    @Test
    void a_token_of_another_digest_or_not_a_token_does_not_verify() throws Exception {
        try (TimeStampAuthority tsa = new TimeStampAuthority("Test TSA")) {
            String token = TimeStamps.stamp(HttpClient.newHttpClient(), tsa.start(), DIGEST, Duration.ofSeconds(10));
            assertThat(TimeStamps.verify(token, "00".repeat(32)).detail()).contains("another digest");
            assertThat(TimeStamps.verify("bm90IGEgdG9rZW4=", DIGEST).valid()).isFalse();
            byte[] bytes = java.util.Base64.getDecoder().decode(token);
            bytes[bytes.length - 5] ^= 1;
            assertThat(TimeStamps.verify(java.util.Base64.getEncoder().encodeToString(bytes), DIGEST).valid())
                    .isFalse();
        }
    }

    @Test
    void an_authority_that_does_not_answer_is_an_error_not_a_token() {
        assertThatThrownBy(() -> TimeStamps.stamp(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:9/tsa"),
                DIGEST, Duration.ofSeconds(2))).isInstanceOf(java.io.IOException.class);
    }
}
