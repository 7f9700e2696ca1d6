package dev.aiim.incident.domain;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.incident.domain.IncidentCommand.AssignRole;
import dev.aiim.incident.domain.IncidentCommand.ClassifySeverity;
import dev.aiim.incident.domain.IncidentCommand.TriageIncident;
import dev.aiim.incident.domain.IncidentEvent.IncidentDismissed;
import dev.aiim.incident.domain.IncidentEvent.IncidentTriaged;
import dev.aiim.incident.domain.IncidentEvent.RoleAssigned;
import dev.aiim.incident.domain.IncidentEvent.SeverityClassified;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.aiim.contracts.IncidentStatus.DISMISSED;
import static dev.aiim.contracts.IncidentStatus.TRIAGED;
import static dev.aiim.incident.domain.IncidentRules.SENIOR_COMMAND;
import static dev.aiim.incident.domain.IncidentRules.requirePerson;
import static dev.aiim.incident.domain.IncidentRules.required;

/** Triage, severity and roles: the playbook's first half hour, and the rule that SEV1 and SEV2 are
 * commanded by a senior engineering leader. */
final class TriagePhase {

    private TriagePhase() {
    }

    static List<IncidentEvent> triage(Incident s, TriageIncident c, CommandContext ctx) {
        ResponseAction.TRIAGE.check(s, ctx);
        required("rationale", c.rationale());
        if (c.decision() == null) {
            throw IncidentRefusal.invalid("decision", "must be CONFIRMED or FALSE_ALARM");
        }
        if (c.decision() == TriageDecision.FALSE_ALARM) {
            return List.of(new IncidentDismissed(c.rationale(), ctx.now(), ctx.actor()));
        }
        if (c.severity() == null) {
            throw IncidentRefusal.invalid("severity", "a confirmed incident needs a severity (SEV1-SEV4)");
        }
        List<IncidentEvent> events = new ArrayList<>(commanderInSameStep(s, c.commander(), ctx));
        requireSeniorCommander(c.severity(), commanderAfter(s, c.commander()));
        events.add(new IncidentTriaged(c.severity(), c.rationale(), ctx.now(), ctx.actor()));
        return events;
    }

    static List<IncidentEvent> classify(Incident s, ClassifySeverity c, CommandContext ctx) {
        ResponseAction.CLASSIFY_SEVERITY.check(s, ctx);
        if (c.severity() == null) {
            throw IncidentRefusal.invalid("severity", "must be one of SEV1, SEV2, SEV3, SEV4");
        }
        required("reason", c.reason());
        if (c.severity() == s.severity() && !s.severityHistory().isEmpty()) {
            throw IncidentRefusal.rule("The incident is already " + c.severity());
        }
        List<IncidentEvent> events = new ArrayList<>(commanderInSameStep(s, c.commander(), ctx));
        requireSeniorCommander(c.severity(), commanderAfter(s, c.commander()));
        events.add(new SeverityClassified(s.severity(), c.severity(), c.reason(), ctx.now(), ctx.actor()));
        return events;
    }

    static List<IncidentEvent> assignRole(Incident s, AssignRole c, CommandContext ctx) {
        ResponseAction.ASSIGN_ROLE.check(s, ctx);
        if (c.role() == null) {
            throw IncidentRefusal.invalid("role", "must be one of " + Arrays.toString(IncidentRole.values()));
        }
        requirePerson("", c.person());
        if (c.role() == IncidentRole.INCIDENT_COMMANDER && classifiedSevere(s) && !c.person().seniorLeader()) {
            throw IncidentRefusal.rule(s.severity() + " needs a senior engineering leader as incident commander; "
                    + c.person().name() + " is not flagged as one (seniorLeader=false)");
        }
        Person current = s.holder(c.role());
        if (current != null && current.equals(c.person())) {
            throw IncidentRefusal.rule(c.person().name() + " already holds " + c.role());
        }
        return List.of(new RoleAssigned(c.role(), c.person(), current, ctx.now(), ctx.actor()));
    }

    /** The commander named in a triage or severity command is assigned first, so the rule sees them. */
    static List<IncidentEvent> commanderInSameStep(Incident s, @Nullable Person commander, CommandContext ctx) {
        if (commander == null) {
            return List.of();
        }
        requirePerson("commander.", commander);
        Person current = s.holder(IncidentRole.INCIDENT_COMMANDER);
        if (commander.equals(current)) {
            return List.of();
        }
        return List.of(new RoleAssigned(IncidentRole.INCIDENT_COMMANDER, commander, current, ctx.now(), ctx.actor()));
    }

    @Nullable
    static Person commanderAfter(Incident s, @Nullable Person named) {
        return named != null ? named : s.holder(IncidentRole.INCIDENT_COMMANDER);
    }

    static void requireSeniorCommander(Severity severity, @Nullable Person commander) {
        if (!SENIOR_COMMAND.contains(severity)) {
            return;
        }
        if (commander == null) {
            throw IncidentRefusal.rule(severity + " needs a senior engineering leader as incident commander: assign one"
                    + " (PUT .../roles/INCIDENT_COMMANDER) or name one as \"commander\" in this request");
        }
        if (!commander.seniorLeader()) {
            throw IncidentRefusal.rule(severity + " needs a senior engineering leader as incident commander; the current"
                    + " commander " + commander.name() + " is not one. Assign a senior leader first or name one as"
                    + " \"commander\" in this request");
        }
    }

    /** Severity set by triage or a classification (a detection's suggestion does not count). */
    static boolean classifiedSevere(Incident s) {
        return !s.severityHistory().isEmpty() && s.severity() != null && SENIOR_COMMAND.contains(s.severity());
    }

    static void onIncidentTriaged(Incident.Builder b, IncidentTriaged e) {
        b.status = TRIAGED;
        b.severityHistory.add(new Incident.SeverityChange(b.severity, e.severity(), e.rationale(), e.triagedAt(),
                e.triagedBy()));
        b.severity = e.severity();
        b.triagedAt = e.triagedAt();
        b.triageRationale = e.rationale();
    }

    static void onIncidentDismissed(Incident.Builder b, IncidentDismissed e) {
        b.status = DISMISSED;
        b.dismissedAt = e.dismissedAt();
        b.triagedAt = e.dismissedAt();
        b.triageRationale = e.rationale();
    }

    static void onSeverityClassified(Incident.Builder b, SeverityClassified e) {
        b.severityHistory.add(new Incident.SeverityChange(e.previousSeverity(), e.severity(), e.reason(),
                e.classifiedAt(), e.classifiedBy()));
        b.severity = e.severity();
    }

    static void onRoleAssigned(Incident.Builder b, RoleAssigned e) {
        Incident.RoleAssignment assignment = new Incident.RoleAssignment(e.role(), e.person(), e.assignedAt(),
                e.assignedBy());
        b.roles.put(e.role(), assignment);
        b.roleHistory.add(assignment);
    }
}
