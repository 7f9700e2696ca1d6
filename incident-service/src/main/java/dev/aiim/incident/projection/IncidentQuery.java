package dev.aiim.incident.projection;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

/** Filters and page of the incident list; every filter is optional. Pages count from 0. */
public record IncidentQuery(@Nullable IncidentStatus status, @Nullable Severity severity,
                            @Nullable IncidentCategory category, @Nullable String systemId, @Nullable Boolean open,
                            @Nullable Boolean simulation, int page, int size) {
}
