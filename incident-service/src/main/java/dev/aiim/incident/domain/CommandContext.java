package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;

import java.time.Instant;
import java.util.function.Supplier;

/** Who asks, when (from the injected clock), and where new ids come from; keeps the decider pure. */
public record CommandContext(Actor actor, Instant now, Supplier<String> ids) {

    public String newId() {
        return ids.get();
    }
}
