package dev.aiim.incident.eventstore;

import dev.aiim.contracts.Nullable;
import dev.aiim.incident.domain.Incident;

/** A replayed incident and the hash of the last event applied (the next append links to it). */
public record LoadedIncident(Incident state, @Nullable String headHash) {
}
