package dev.aiim.contracts.incident;

import java.util.List;

/** The root cause was identified. */
public record RootCauseIdentified(
        IncidentEventHeader header,
        RootCauseCategory category,
        String description,
        List<String> contributingFactors) implements IncidentEvent {
}
