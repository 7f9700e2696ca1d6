package dev.aiim.contracts.aisystem;

import dev.aiim.contracts.Nullable;

import java.util.List;

/**
 * A registered AI system: who owns it, whose it is, how risky, which model versions are known good (for rollback).
 * {@code euDatabaseRegistrationNumber} is the id a high-risk system gets in the EU database (AI Act Art. 49 and 71);
 * an Art. 73 serious-incident report names it.
 */
public record AiSystem(
        String id,
        String name,
        @Nullable String description,
        String ownerTeam,
        @Nullable Client client,
        RiskTier riskTier,
        @Nullable String modelVersion,
        List<String> knownGoodVersions,
        List<String> dataCategories,
        List<String> jurisdictions,
        @Nullable String euDatabaseRegistrationNumber,
        long version) {

    /** The client the system serves and who to tell there. */
    public record Client(String name, List<Contact> contacts) {
    }

    /** A client contact. */
    public record Contact(String name, @Nullable String email) {
    }
}
