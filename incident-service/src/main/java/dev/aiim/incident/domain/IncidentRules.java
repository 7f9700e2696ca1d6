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
    static boolean commands(Incident s, Actor actor) {
        return actor.roles().contains(COMMANDER) || holds(s, actor, IncidentRole.INCIDENT_COMMANDER);
    }

    /** Whether {@code actor} is the person holding {@code role} on this incident. */
    static boolean holds(Incident s, Actor actor, IncidentRole role) {
        Person holder = s.holder(role);
        return holder != null && holder.id().equals(actor.id());
    }

    /** Response work: responders, commanders, automatic actions, and anyone holding a role on this incident. */
    static boolean responds(@Nullable Incident s, Actor actor) {
        List<String> roles = actor.roles();
        if (roles.contains(RESPONDER) || roles.contains(COMMANDER) || roles.contains(SYSTEM)) {
            return true;
        }
        return s != null && s.roles().values().stream().anyMatch(a -> a.person().id().equals(actor.id()));
    }

    static void requireResponder(@Nullable Incident s, CommandContext ctx, String what) {
        if (!responds(s, ctx.actor())) {
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
