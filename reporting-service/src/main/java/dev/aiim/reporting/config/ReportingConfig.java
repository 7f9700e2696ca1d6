package dev.aiim.reporting.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** {@code aiim.reporting.*}. */
@ConfigMapping(prefix = "aiim.reporting")
public interface ReportingConfig {

    /** How often the Prometheus gauges are recomputed (a scrape never queries the database). */
    @io.smallrye.config.WithDefault("30s")
    java.time.Duration gaugeRefresh();

    /** How documents (reviews, regulator reports as HTML and PDF) are written for people. */
    Documents documents();

    interface Documents {
        /** The time zone documents show times in when the request names none ({@code tz}). */
        @io.smallrye.config.WithDefault("UTC")
        java.time.ZoneId timeZone();
    }

    /** Who files regulator reports: left unset, each field is listed as missing in every export. */
    Entity entity();

    interface Entity {
        Optional<String> legalName();

        /** PROVIDER, DEPLOYER, AUTHORISED_REPRESENTATIVE, CONTROLLER, COVERED_ENTITY... */
        Optional<String> role();

        Optional<String> country();

        Optional<String> contactName();

        Optional<String> contactEmail();

        Optional<String> contactPhone();

        Optional<String> dpoEmail();
    }
}
