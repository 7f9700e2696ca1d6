package dev.aiim.contracts.aisystem;

import dev.aiim.contracts.Nullable;

import java.util.List;

/**
 * What the AI-system registry said of a system at a moment of an incident (when it opened, when a containment action
 * changed the model version): reports name the version that was live then, not whatever the registry says later.
 * {@code registryVersion} is the registry entry's version, so a reader can tell whether the entry changed since.
 */
public record RegistryFacts(
        String systemId,
        String name,
        @Nullable String modelVersion,
        RiskTier riskTier,
        String ownerTeam,
        @Nullable String clientName,
        @Nullable String euDatabaseRegistrationNumber,
        List<String> jurisdictions,
        List<String> dataCategories,
        long registryVersion) {

    public static RegistryFacts of(AiSystem system) {
        return new RegistryFacts(system.id(), system.name(), system.modelVersion(), system.riskTier(),
                system.ownerTeam(), system.client() == null ? null : system.client().name(),
                system.euDatabaseRegistrationNumber(), List.copyOf(system.jurisdictions()),
                List.copyOf(system.dataCategories()), system.version());
    }
}
