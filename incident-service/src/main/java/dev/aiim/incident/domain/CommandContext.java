package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.RegistryFacts;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Who asks, when (from the injected clock), where new ids come from, and what the AI-system registry says now of
 * the incident's system (null when it is not registered, or the command does not need it); keeps the decider pure.
 */
public record CommandContext(Actor actor, Instant now, Supplier<String> ids, @Nullable RegistryFacts registry) {

    public CommandContext(Actor actor, Instant now, Supplier<String> ids) {
        this(actor, now, ids, null);
    }

    public String newId() {
        return ids.get();
    }
}
