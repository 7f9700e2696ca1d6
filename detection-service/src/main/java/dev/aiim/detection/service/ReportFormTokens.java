package dev.aiim.detection.service;

import dev.aiim.platform.security.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The report form's CSRF tokens: {@code <issued epoch second>.<nonce>.<MAC>}, the MAC under a key derived from the
 * service's secret key, so any replica can check a token another one issued and nobody else can make one. A post
 * is accepted only with the same token in its cookie and its hidden field (double submit), the token this
 * service signed, issued within the last two hours (real time: a moved platform clock does not expire forms).
 */
@ApplicationScoped
public class ReportFormTokens {

    public static final Duration LIFETIME = Duration.ofHours(2);
    private static final String PURPOSE = "report-form-csrf";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretBox secrets;

    public ReportFormTokens(SecretBox secrets) {
        this.secrets = secrets;
    }

    public String issue() {
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String payload = Instant.now().getEpochSecond() + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(nonce);
        return payload + "." + secrets.mac(PURPOSE, payload);
    }

    /** Whether a post carrying these may be taken. */
    public boolean accepts(String field, String cookie) {
        if (field == null || cookie == null || field.isBlank() || !MessageDigest.isEqual(
                field.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        int mac = field.lastIndexOf('.');
        int dot = field.indexOf('.');
        if (dot <= 0 || mac <= dot) {
            return false;
        }
        String payload = field.substring(0, mac);
        if (!secrets.verifyMac(PURPOSE, payload, field.substring(mac + 1))) {
            return false;
        }
        Instant issued;
        try {
            issued = Instant.ofEpochSecond(Long.parseLong(field.substring(0, dot)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return false;
        }
        Instant now = Instant.now();
        return !issued.isAfter(now.plus(CLOCK_SKEW)) && issued.isAfter(now.minus(LIFETIME));
    }
}
