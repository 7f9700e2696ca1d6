package dev.aiim.incident.domain;

import dev.aiim.contracts.Nullable;

/**
 * The decider's "no", as a value until the edge: {@link Kind} says which answer the client gets,
 * {@code field} names the offending request field for invalid commands.
 */
public final class IncidentRefusal extends RuntimeException {

    public enum Kind {
        /** The lifecycle state does not allow the command (409). */
        ILLEGAL_TRANSITION,
        /** A playbook rule forbids it in the current state (409). */
        RULE_VIOLATION,
        /** The command itself is incomplete or inconsistent (400). */
        INVALID_COMMAND,
        /** The actor lacks the authority for it (403). */
        NOT_PERMITTED,
        /** A part of the incident the command names does not exist (404). */
        NOT_FOUND
    }

    private final Kind kind;
    private final String field;

    private IncidentRefusal(Kind kind, @Nullable String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public static IncidentRefusal illegalTransition(String message) {
        return new IncidentRefusal(Kind.ILLEGAL_TRANSITION, null, message);
    }

    public static IncidentRefusal rule(String message) {
        return new IncidentRefusal(Kind.RULE_VIOLATION, null, message);
    }

    public static IncidentRefusal invalid(String field, String message) {
        return new IncidentRefusal(Kind.INVALID_COMMAND, field, message);
    }

    public static IncidentRefusal notFound(String message) {
        return new IncidentRefusal(Kind.NOT_FOUND, null, message);
    }

    public static IncidentRefusal notPermitted(String message) {
        return new IncidentRefusal(Kind.NOT_PERMITTED, null, message);
    }

    public Kind kind() {
        return kind;
    }

    @Nullable
    public String field() {
        return field;
    }
}
