package dev.aiim.detection.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code aiim.detection.*}. */
@ConfigMapping(prefix = "aiim.detection")
public interface DetectionConfig {

    /** A repeat of a firing alert (same fingerprint or dedup key) within this window is counted, not raised again. */
    @WithDefault("1H")
    java.time.Duration dedupWindow();

    /** Intake's in-memory view of the integrations and the registry. */
    Intake intake();

    interface Intake {
        /** The fallback poll of the view: a change is read again as it commits, notified by the database. */
        @WithDefault("1s")
        java.time.Duration directoryRefresh();
    }

    /** The detection outbox's relay. */
    Relay relay();

    interface Relay {
        /** The fallback poll: the relay is woken as outbox rows commit. */
        @WithDefault("1s")
        java.time.Duration interval();
    }

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

    /** The built-in model monitors. */
    Monitors monitors();

    interface Monitors {
        /** Run the scheduled evaluations and proactive checks in this replica (tests drive them by hand). */
        @WithDefault("true")
        boolean schedulerEnabled();

        /** How often the scheduler looks for systems whose evaluation or proactive check is due. */
        @WithDefault("5s")
        java.time.Duration tick();

        /** Proactive checks of a HIGH-risk system: daily, as the playbook asks. */
        @WithDefault("24H")
        java.time.Duration proactiveHighRisk();

        /** Proactive checks of every other system: weekly. */
        @WithDefault("168H")
        java.time.Duration proactiveStandard();

        /**
         * Telemetry older than this is deleted (the reference window is kept apart and stays), except the windows
         * that raised an incident's detections, which are evidence (docs/monitors.md, Evidence kept).
         */
        @WithDefault("336H")
        java.time.Duration retention();

        /** How long an incident's evidence is still kept once the incident is closed or dismissed. */
        @WithDefault("8760H") // 365 days
        java.time.Duration evidenceKeptAfterClose();
    }
}
