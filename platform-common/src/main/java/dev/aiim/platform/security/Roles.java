package dev.aiim.platform.security;

/**
 * The platform's roles (docs/architecture.md, "Who may do what"), as Keycloak realm roles. "Any signed-in user"
 * means a holder of one of them, spelled out as {@code @RolesAllowed({REPORTER, RESPONDER, COMMANDER, LEADERSHIP,
 * REGULATOR, ADMIN})}: a valid token of the realm that carries none (another client's user, a service account)
 * is refused.
 */
public final class Roles {
    public static final String REPORTER = "reporter";
    public static final String RESPONDER = "responder";
    public static final String COMMANDER = "commander";
    public static final String LEADERSHIP = "leadership";
    public static final String REGULATOR = "regulator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
