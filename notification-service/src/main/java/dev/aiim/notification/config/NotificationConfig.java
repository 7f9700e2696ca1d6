package dev.aiim.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code aiim.notification.*}. */
@ConfigMapping(prefix = "aiim.notification")
public interface NotificationConfig {

    /** This service's address as recipients reach it (signed acknowledgement links point here). */
    @WithDefault("http://127.0.0.1:8083")
    String publicUrl();

    /** Where a message's "open the incident" link points; the incident id is appended. */
    @WithDefault("http://127.0.0.1:8082/console/incidents/")
    String incidentLinkBase();

    /** The sender of email when a channel names none. */
    @WithDefault("incidents@aiim.local")
    String emailFrom();

    /**
     * Hosts channel URLs may name: exact names or {@code *.domain}. Empty (the default) allows any public
     * host; private, loopback and link-local addresses are refused either way unless a channel allows them.
     */
    Optional<List<String>> allowedHosts();

    /** How long one send may take before it counts as a failed attempt; a slow channel holds up only itself. */
    @WithDefault("10s")
    Duration sendTimeout();

    /** Retries: the first waits {@code base}, each next twice as long (with jitter) up to {@code cap}. */
    Retry retry();

    interface Retry {
        @WithDefault("5s")
        Duration base();

        @WithDefault("10m")
        Duration cap();

        @WithDefault("6")
        int maxAttempts();
    }

    /** The delivery, timer and outbox workers of this replica. */
    Workers workers();

    interface Workers {
        @WithDefault("true")
        boolean enabled();

        /** How long a worker idles when it found nothing to do. */
        @WithDefault("500ms")
        Duration idle();

        /** Deliveries in flight at once (sends are concurrent, so one slow channel does not queue the others). */
        @WithDefault("32")
        int concurrency();

        /** A claimed delivery whose outcome was never recorded (a crash mid-send) is retried after this. */
        @WithDefault("2m")
        Duration lease();
    }
}
