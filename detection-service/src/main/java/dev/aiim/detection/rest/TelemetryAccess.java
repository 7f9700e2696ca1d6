package dev.aiim.detection.rest;

import dev.aiim.detection.domain.IntakeCredentials;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may send a system's telemetry: an admin (a platform token), or the system's own TELEMETRY
 * integration (its token, or a signature over the body). An integration bound to another system is
 * refused with 403, so a leaked token can only feed the one model it was issued for.
 */
@ApplicationScoped
public class TelemetryAccess {

    private final Integrations integrations;
    private final CurrentIdentityAssociation identities;

    public TelemetryAccess(Integrations integrations, CurrentIdentityAssociation identities) {
        this.integrations = integrations;
        this.identities = identities;
    }

    /** The sender's name for the record ({@code integration:<id>} or the admin's), or 401/403. */
    Uni<String> writer(String systemId, IntakeHeaders credentials, byte[] body) {
        if (integrationCredentials(credentials)) {
            return credentials.authenticate(integrations, IntegrationType.TELEMETRY, body).map(integration -> {
                if (!systemId.equals(integration.systemId())) {
                    throw new ProblemException(ProblemKind.FORBIDDEN, "Integration " + integration.id()
                            + " may send the telemetry of AI system " + integration.systemId() + " only");
                }
                return "integration:" + integration.id();
            });
        }
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                throw Integrations.unauthenticated("Send an admin's token, or the system's TELEMETRY integration token"
                        + " as Authorization: Bearer");
            }
            if (!identity.hasRole(Roles.ADMIN)) {
                throw new ProblemException(ProblemKind.FORBIDDEN, "Telemetry is sent by the system's TELEMETRY"
                        + " integration or by an admin");
            }
            return identity.getPrincipal().getName();
        });
    }

    private static boolean integrationCredentials(IntakeHeaders credentials) {
        if (credentials.signature != null) {
            return true;
        }
        String authorization = credentials.authorization;
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.substring(7).trim().startsWith(IntakeCredentials.TOKEN_PREFIX);
    }
}
