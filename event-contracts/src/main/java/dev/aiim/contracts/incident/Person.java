package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

/** A person holding a response role. {@code seniorLeader} matters for SEV1/SEV2 commanders. */
public record Person(String id, String name, @Nullable String email, boolean seniorLeader) {
}
