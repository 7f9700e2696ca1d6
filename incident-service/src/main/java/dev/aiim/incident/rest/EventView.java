package dev.aiim.incident.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.incident.eventstore.StoredEvent;

import java.time.Instant;

/** A stored event as docs/api.md shows it, with its place in the hash chain. */
public record EventView(long version, String type, int schemaVersion, String eventId, Instant recordedAt,
                        JsonNode actor, JsonNode metadata, JsonNode payload, String prevHash, String hash,
                        long position) {

    static EventView of(StoredEvent e) {
        return new EventView(e.version(), e.type(), e.schemaVersion(), e.eventId(), e.recordedAt(),
                actorOf(e.metadata()), e.metadata(), e.payload(), e.prevHash(), e.hash(), e.position());
    }

    /**
     * The event's place in the hash chain without its content (who acted, what was written): what a regulator
     * needs to check an export's integrity block, which carries the facts the regulator is owed.
     */
    static EventView chainOnly(StoredEvent e) {
        return new EventView(e.version(), e.type(), e.schemaVersion(), e.eventId(), e.recordedAt(), null, null, null,
                e.prevHash(), e.hash(), e.position());
    }

    private static JsonNode actorOf(JsonNode metadata) {
        var actor = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        actor.set("id", metadata.get("actorId"));
        actor.set("name", metadata.get("actorName"));
        actor.set("roles", metadata.get("actorRoles"));
        return actor;
    }
}
