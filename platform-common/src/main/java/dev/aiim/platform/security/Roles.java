package dev.aiim.platform.security;

/** The platform's roles (docs/architecture.md, "Who may do what"), as Keycloak realm roles. */
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
