package dev.aiim.detection.rest;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/** A generic JSON signal from any monitoring system ({@code POST /api/v1/intake/signals}). */
public record SignalIntakeRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}", message = "must be a system id slug (a-z, 0-9, -)")
        String systemId,
        @NotNull IncidentCategory category,
        @NotBlank @Size(max = 2000) String summary,
        Severity severityHint,
        Instant occurredAt,
        @Size(max = 50) Map<String, @Size(max = 500) String> labels,
        Map<String, Object> evidence,
        @Size(max = 300) String dedupKey) {
}
