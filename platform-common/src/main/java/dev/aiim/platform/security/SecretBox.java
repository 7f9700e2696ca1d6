package dev.aiim.platform.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts secrets a service must read back (signing secrets, channel tokens) with AES-256-GCM under
 * {@code aiim.secret-key} (env {@code AIIM_SECRET_KEY}, base64 of 32 bytes). Secrets only compared,
 * never read back, are hashed instead.
 */
@ApplicationScoped
public class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);
    /** The key the platform defaults fall back to without AIIM_SECRET_KEY: fine locally, warned about otherwise. */
    static final String LOCAL_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final boolean localKey;

    public SecretBox(@ConfigProperty(name = "aiim.secret-key") String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("aiim.secret-key (AIIM_SECRET_KEY) must be base64 of 32 bytes", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("aiim.secret-key (AIIM_SECRET_KEY) must be base64 of 32 bytes, got "
                    + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.localKey = base64Key.equals(LOCAL_KEY);
    }

    void warnAboutLocalKey(@Observes StartupEvent event) {
        if (localKey && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("Stored secrets are encrypted with the built-in local key; set AIIM_SECRET_KEY in production");
        }
    }

    public String seal(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HMAC-SHA256 of {@code data} under a key derived from the secret key for {@code purpose}, base64url:
     * for signed links that must not be forged and need no stored state.
     */
    public String mac(String purpose, String data) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code candidate} is {@link #mac(String, String)} of {@code data}, compared in constant time. */
    public boolean verifyMac(String purpose, String data, String candidate) {
        return candidate != null && MessageDigest.isEqual(mac(purpose, data).getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    public String open(String sealed) {
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored secret does not open with the configured key", e);
        }
    }
}
