package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

/** A response role was assigned or handed over. */
public record RoleAssigned(
        IncidentEventHeader header,
        IncidentRole role,
        Person person,
        @Nullable Person previousHolder) implements IncidentEvent {
}
