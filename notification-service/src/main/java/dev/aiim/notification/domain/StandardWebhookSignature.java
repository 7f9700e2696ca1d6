package dev.aiim.notification.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signatures of outgoing webhooks per the Standard Webhooks convention: the headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} = {@code v1,} + base64 of
 * HMAC-SHA256 over {@code id.timestamp.body}, keyed with the base64 secret after its {@code whsec_}
 * prefix. A receiver that speaks the convention (its libraries exist for most languages) verifies us
 * without custom code.
 */
public final class StandardWebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    /** How far a receiver should accept our clock to be off (the convention's default). */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private StandardWebhookSignature() {
    }

    /** A new secret: {@code whsec_} and 32 random bytes, base64. */
    public static String newSecret(java.security.SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value for one delivery. */
    public static String sign(String secret, String messageId, Instant timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(secret, messageId, timestamp.getEpochSecond(), body));
    }

    /**
     * Whether {@code signatureHeader} (space-separated {@code v1,...} entries) holds a valid signature made
     * within {@link #TOLERANCE} of {@code now}. For our own tests and for receivers written in Java.
     */
    public static boolean verify(String secret, String messageId, String timestampHeader, byte[] body,
                                 String signatureHeader, Instant now) {
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader);
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds() || signatureHeader == null) {
            return false;
        }
        byte[] expected = mac(secret, messageId, timestamp, body);
        for (String candidate : signatureHeader.split(" ")) {
            if (candidate.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException ignored) {
                    // not base64: not ours
                }
            }
        }
        return false;
    }

    private static byte[] mac(String secret, String messageId, long timestamp, byte[] body) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a Standard Webhooks secret starts with " + SECRET_PREFIX);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())),
                    "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
