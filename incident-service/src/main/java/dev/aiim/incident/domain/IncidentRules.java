package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.aiim.incident.domain.IncidentDecider.COMMANDER;
import static dev.aiim.incident.domain.IncidentDecider.RESPONDER;
import static dev.aiim.incident.domain.IncidentDecider.SYSTEM;

/** The checks every phase makes: the states a command is allowed in, who may give it, required fields. */
final class IncidentRules {

    /** How far ahead of the clock a reported time may be (clock skew between machines). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Severities whose incident commander must be a senior engineering leader. */
    static final Set<Severity> SENIOR_COMMAND = EnumSet.of(Severity.SEV1, Severity.SEV2);
    /** Severities that may close only with a published post-incident review. */
    static final Set<Severity> REVIEW_REQUIRED = EnumSet.of(Severity.SEV1, Severity.SEV2, Severity.SEV3);

    private IncidentRules() {
    }

    static void allowedIn(Incident s, String what, IncidentStatus... allowed) {
        if (Arrays.asList(allowed).contains(s.status())) {
            return;
        }
        String states = Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", "));
        throw IncidentRefusal.illegalTransition("Cannot " + what + " an incident that is " + s.status()
                + "; allowed only when the incident is " + states);
    }

    /** Commander decisions: the commander role, or the responder who holds INCIDENT_COMMANDER on this incident. */
    static void requireCommand(Incident s, CommandContext ctx, String what) {
        Actor actor = ctx.actor();
        if (actor.roles().contains(COMMANDER)) {
            return;
        }
        Person commander = s.holder(IncidentRole.INCIDENT_COMMANDER);
        if (commander != null && commander.id().equals(actor.id())) {
            return;
        }
        throw IncidentRefusal.notPermitted("Only the incident commander may " + what);
    }

    /** Commander decisions, or the holder of {@code role} acting on it (the communications lead posts updates). */
    static void requireCommandOrRole(Incident s, CommandContext ctx, IncidentRole role, String what) {
        Person holder = s.holder(role);
        if (holder != null && holder.id().equals(ctx.actor().id())) {
            return;
        }
        requireCommand(s, ctx, what);
    }

    static void requireResponder(@Nullable Incident s, CommandContext ctx, String what) {
        List<String> roles = ctx.actor().roles();
        if (roles.contains(RESPONDER) || roles.contains(COMMANDER) || roles.contains(SYSTEM)) {
            return;
        }
        boolean holdsRole = s != null && s.roles().values().stream()
                .anyMatch(a -> a.person().id().equals(ctx.actor().id()));
        if (!holdsRole) {
            throw IncidentRefusal.notPermitted("Only responders and commanders may " + what);
        }
    }

    static void requirePerson(String prefix, Person person) {
        if (person == null) {
            throw IncidentRefusal.invalid(prefix.isEmpty() ? "person" : prefix.substring(0, prefix.length() - 1),
                    "must name a person");
        }
        required(prefix + "id", person.id());
        required(prefix + "name", person.name());
    }

    static void notInFuture(String field, Instant at, CommandContext ctx) {
        if (at.isAfter(ctx.now().plus(CLOCK_SKEW))) {
            throw IncidentRefusal.invalid(field, "must not be in the future (now is " + ctx.now() + ")");
        }
    }

    static void required(String field, String value) {
        required(field, value, "must not be blank");
    }

    static void required(String field, String value, String message) {
        if (value == null || value.isBlank()) {
            throw IncidentRefusal.invalid(field, message);
        }
    }
}
