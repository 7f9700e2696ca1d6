package dev.aiim.detection.rest;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A system as registered (docs/api.md); {@code id} is a slug and may be omitted on PUT (the path names it). */
public record AiSystemRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}", message = "must be a slug (a-z, 0-9, -)") String id,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 5000) String description,
        @NotBlank @Size(max = 200) String ownerTeam,
        @Valid ClientRequest client,
        @NotNull RiskTier riskTier,
        @Size(max = 100) String modelVersion,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> knownGoodVersions,
        @Size(max = 20) List<@NotNull @Pattern(regexp = "[A-Z_]{2,40}", message = "must be UPPER_SNAKE_CASE such as"
                + " PERSONAL_DATA or HEALTH_DATA") String> dataCategories,
        @Size(max = 50) List<@NotNull @Pattern(regexp = "[A-Z]{2}(-[A-Z0-9]{1,3})?", message = "must be a region or"
                + " country code such as EU, DE or US-CA") String> jurisdictions,
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9./_-]*", message = "must be the identifier the EU"
                + " database gave the system: letters, digits and . / _ -") String euDatabaseRegistrationNumber) {

    public record ClientRequest(@NotBlank @Size(max = 200) String name,
                                @Size(max = 50) List<@Valid ContactRequest> contacts) {
    }

    public record ContactRequest(@NotBlank @Size(max = 200) String name, @Email @Size(max = 300) String email) {
    }

    AiSystem toSystem(String systemId, long version) {
        AiSystem.Client owner = client == null ? null : new AiSystem.Client(client.name(),
                client.contacts() == null ? List.of()
                        : client.contacts().stream().map(c -> new AiSystem.Contact(c.name(), c.email())).toList());
        return new AiSystem(systemId, name, description, ownerTeam, owner, riskTier, modelVersion,
                listOf(knownGoodVersions), listOf(dataCategories), listOf(jurisdictions), euDatabaseRegistrationNumber,
                version);
    }

    private static List<String> listOf(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
