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

    /** The built-in local key, to warn when production runs with it. */
    @WithDefault("bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=")
    String localSecretKey();
}
