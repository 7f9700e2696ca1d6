package dev.aiim.incident.domain;

import dev.aiim.contracts.incident.Person;
import dev.aiim.incident.domain.IncidentCommand.AssignRole;
import dev.aiim.incident.domain.IncidentCommand.ClassifySeverity;
import dev.aiim.incident.domain.IncidentCommand.TriageIncident;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The people a command names for a role (a commander in triage or a severity change, the holder of an assigned
 * role). What the platform knows of them (whether they are a senior leader) comes from its people directory,
 * not from the command; the service looks them up and vouches for each before the decider sees the command.
 */
public final class NamedPeople {

    private NamedPeople() {
    }

    /** The ids of the people the command names. */
    public static Set<String> ids(IncidentCommand command) {
        if (command instanceof TriageIncident c && c.commander() != null) {
            return Set.of(c.commander().id());
        }
        if (command instanceof ClassifySeverity c && c.commander() != null) {
            return Set.of(c.commander().id());
        }
        if (command instanceof AssignRole c) {
            return Set.of(c.person().id());
        }
        return Set.of();
    }

    /** The same command with each named person replaced by what {@code vouch} makes of them. */
    public static IncidentCommand vouched(IncidentCommand command, UnaryOperator<Person> vouch) {
        if (command instanceof TriageIncident c && c.commander() != null) {
            return new TriageIncident(c.decision(), c.severity(), c.rationale(), vouch.apply(c.commander()));
        }
        if (command instanceof ClassifySeverity c && c.commander() != null) {
            return new ClassifySeverity(c.severity(), c.reason(), vouch.apply(c.commander()));
        }
        if (command instanceof AssignRole c) {
            return new AssignRole(c.role(), vouch.apply(c.person()));
        }
        return command;
    }
}
