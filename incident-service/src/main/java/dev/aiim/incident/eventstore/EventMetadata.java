package dev.aiim.incident.eventstore;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.Nullable;

import java.util.List;

/**
 * Stored with every event: who caused it, with which roles (the authority it was decided under),
 * and which request or message it belongs to.
 */
public record EventMetadata(String actorId, @Nullable String actorName, List<String> actorRoles,
                            String correlationId, @Nullable String causationId) {

    public EventMetadata {
        actorRoles = List.copyOf(actorRoles);
    }

    public static EventMetadata of(Actor actor, String correlationId, @Nullable String causationId) {
        return new EventMetadata(actor.id(), actor.name(), actor.roles(), correlationId, causationId);
    }

    public Actor actor() {
        return new Actor(actorId, actorName, actorRoles);
    }
}
