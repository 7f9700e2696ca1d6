package dev.aiim.detection.service;

import dev.aiim.detection.config.DetectionConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/** Encrypts secrets the service must read back (signing secrets) with AES-256-GCM under the configured key. */
@ApplicationScoped
public class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);
    /** The key application.properties falls back to without AIIM_SECRET_KEY: fine locally, warned about otherwise. */
    static final String LOCAL_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final boolean localKey;

    public SecretBox(DetectionConfig config) {
        byte[] bytes = Base64.getDecoder().decode(config.secretKey());
        if (bytes.length != 32) {
            throw new IllegalStateException("aiim.detection.secret-key must be base64 of 32 bytes, got " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.localKey = config.secretKey().equals(LOCAL_KEY);
    }

    void warnAboutLocalKey(@Observes StartupEvent event) {
        if (localKey && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("Signing secrets are encrypted with the built-in local key; set AIIM_SECRET_KEY in production");
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
