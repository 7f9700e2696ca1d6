package dev.aiim.incident.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.Nullable;

import java.time.Instant;

/** One row of {@code incident_event}, as stored: the payload and metadata are the JSON that was hashed. */
public record StoredEvent(long position, String streamId, long version, String eventId, String type,
                          int schemaVersion, JsonNode payload, JsonNode metadata, Instant recordedAt,
                          @Nullable String prevHash, String hash) {
}
