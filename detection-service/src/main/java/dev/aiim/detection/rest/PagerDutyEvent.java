package dev.aiim.detection.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A PagerDuty Events API v2 event, as {@code POST /v2/enqueue} takes it. */
public record PagerDutyEvent(
        @JsonProperty("routing_key") @NotBlank String routingKey,
        @JsonProperty("event_action") @NotNull @Pattern(regexp = "trigger|acknowledge|resolve",
                message = "must be trigger, acknowledge or resolve") String eventAction,
        @JsonProperty("dedup_key") @Size(max = 255) String dedupKey,
        @Valid Payload payload,
        String client,
        @JsonProperty("client_url") String clientUrl,
        List<Map<String, Object>> links,
        List<Map<String, Object>> images) {

    public record Payload(
            @NotBlank @Size(max = 1024) String summary,
            @NotBlank @Size(max = 255) String source,
            @NotNull @Pattern(regexp = "critical|error|warning|info",
                    message = "must be critical, error, warning or info") String severity,
            Instant timestamp,
            String component,
            String group,
            @JsonProperty("class") String eventClass,
            @JsonProperty("custom_details") Map<String, Object> customDetails) {
    }
}
