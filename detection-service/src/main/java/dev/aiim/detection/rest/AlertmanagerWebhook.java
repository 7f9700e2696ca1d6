package dev.aiim.detection.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus Alertmanager webhook body (version 4), which Grafana Alerting's webhook contact point
 * extends (version 1, with title, state, message and per-alert links and values). Unknown fields are
 * ignored, as newer senders add some.
 */
public record AlertmanagerWebhook(
        String version,
        String groupKey,
        @Pattern(regexp = "firing|resolved", message = "must be firing or resolved") String status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        Integer truncatedAlerts,
        @NotEmpty @Size(max = 1000) List<@NotNull @Valid Alert> alerts,
        Long orgId,
        String title,
        String state,
        String message) {

    public record Alert(
            @NotNull @Pattern(regexp = "firing|resolved", message = "must be firing or resolved") String status,
            @NotNull Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL,
            @Size(max = 200) String fingerprint,
            String silenceURL,
            String dashboardURL,
            String panelURL,
            Map<String, Object> values,
            String valueString,
            String imageURL) {
    }
}
