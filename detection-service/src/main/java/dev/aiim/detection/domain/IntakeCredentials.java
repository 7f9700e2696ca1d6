package dev.aiim.detection.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The credentials of an integration: a bearer token (random, shown once, kept as its SHA-256) and a
 * signing secret for {@code X-AIIM-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}.
 */
public final class IntakeCredentials {

    public static final String TOKEN_PREFIX = "aiim_it_";
    public static final String SECRET_PREFIX = "aiim_ss_";
    /** A signed request must carry a timestamp within this much of the service's clock. */
    public static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private IntakeCredentials() {
    }

    public static String newToken() {
        return TOKEN_PREFIX + random();
    }

    public static String newSigningSecret() {
        return SECRET_PREFIX + random();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256, hex. Tokens are long and random, so one SHA-256 is enough to store them safely. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first characters of a token, to tell tokens apart in lists without revealing them. */
    public static String hint(String token) {
        return token.substring(0, Math.min(token.length(), TOKEN_PREFIX.length() + 4)) + "...";
    }

    public static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of the presented signature with the expected one. */
    public static boolean signatureMatches(String secret, String timestamp, byte[] body, String presented) {
        return MessageDigest.isEqual(signature(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
                presented.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The timestamp (Unix seconds) is within {@link #SIGNATURE_TOLERANCE} of {@code now}. */
    public static boolean timestampFresh(String timestamp, Instant now) {
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
            return Duration.between(at, now).abs().compareTo(SIGNATURE_TOLERANCE) <= 0;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return false;
        }
    }
}
