package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

/** The severity was set or changed, with the reason. */
public record SeverityClassified(
        IncidentEventHeader header,
        @Nullable Severity previousSeverity,
        Severity severity,
        String reason) implements IncidentEvent {
}
