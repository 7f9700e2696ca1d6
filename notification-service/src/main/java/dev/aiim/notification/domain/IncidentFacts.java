package dev.aiim.notification.domain;

import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** An incident as routing sees it, kept from the incident events (table {@code incident_snapshot}). */
public record IncidentFacts(String incidentId, long version, IncidentStatus status, @Nullable Severity severity,
                            @Nullable String systemId, boolean simulation, String title, @Nullable String description,
                            Instant recordedAt, @Nullable Instant lastUpdateAt, int missedUpdates) {

    private static final Set<IncidentStatus> ENDED = EnumSet.of(IncidentStatus.RESOLVED, IncidentStatus.CLOSED,
            IncidentStatus.DISMISSED);

    /** Whether triage confirmed it (update cadences run from then on). */
    public boolean triaged() {
        return status != IncidentStatus.DETECTED && status != IncidentStatus.DISMISSED;
    }

    /** Whether the response is still going on (not resolved, closed or dismissed). */
    public boolean open() {
        return !ENDED.contains(status);
    }
}
