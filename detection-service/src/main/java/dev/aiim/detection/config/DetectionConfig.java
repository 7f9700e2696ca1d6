package dev.aiim.detection.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code aiim.detection.*}. */
@ConfigMapping(prefix = "aiim.detection")
public interface DetectionConfig {

    /**
     * Base64 of 32 bytes: the AES-256-GCM key that encrypts integrations' signing secrets at rest. Set
     * {@code AIIM_SECRET_KEY} in production; the built-in default is for local use and is logged as such.
     */
    String secretKey();

    /** A repeat of a firing alert (same fingerprint or dedup key) within this window is counted, not raised again. */
    @WithDefault("1H")
    java.time.Duration dedupWindow();

    /** The stakeholder report form and API. */
    Reports reports();

    interface Reports {
        /** Reports accepted per client address in {@link #rateWindow()}; more get 429. */
        @WithDefault("5")
        int rateLimit();

        @WithDefault("10M")
        java.time.Duration rateWindow();

        /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
        @WithDefault("false")
        boolean trustForwardedFor();

        /** How often the outbox looks for reports to publish. */
        @WithDefault("500ms")
        java.time.Duration outboxInterval();
    }
}
