package dev.aiim.incident.rest;

import dev.aiim.contracts.Actor;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Set;

/** The caller as the incident records them: user id, display name, and the platform roles they acted with. */
final class Actors {

    private static final Set<String> PLATFORM_ROLES = Set.of(Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER,
            Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN);

    private Actors() {
    }

    static Actor of(SecurityIdentity identity) {
        String id = identity.getPrincipal().getName();
        String name = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("name") != null
                ? jwt.getClaim("name").toString() : id;
        List<String> roles = identity.getRoles().stream().filter(PLATFORM_ROLES::contains).sorted().toList();
        return new Actor(id, name, roles);
    }
}
