package dev.aiim.contracts.incident;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.time.Instant;

/**
 * What every incident integration event carries, so that consumers never call back: which stored
 * event this is (stream version, hash chain links), who caused it, and the incident's state after it.
 */
public record IncidentEventHeader(
        String incidentId,
        long version,
        String eventId,
        Instant recordedAt,
        Actor actor,
        @Nullable String prevHash,
        String hash,
        IncidentStatus status,
        @Nullable Severity severity,
        IncidentCategory category,
        @Nullable String systemId,
        boolean simulation) {
}
