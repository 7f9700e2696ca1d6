package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.incident.IncidentRole;

import java.util.EnumSet;
import java.util.Set;

import static dev.aiim.contracts.IncidentStatus.CLOSED;
import static dev.aiim.contracts.IncidentStatus.CONTAINED;
import static dev.aiim.contracts.IncidentStatus.DETECTED;
import static dev.aiim.contracts.IncidentStatus.DISMISSED;
import static dev.aiim.contracts.IncidentStatus.RESOLVED;
import static dev.aiim.contracts.IncidentStatus.TRIAGED;

/**
 * Every step of the response a person can take on an incident, with the states it is allowed in and who may take
 * it. One table for both sides: the decider refuses by it ({@link #check}) and the console offers only what it
 * allows ({@link #allows}), so a button can never promise what the API refuses.
 */
public enum ResponseAction {
    TRIAGE("triage", "triage", Authority.COMMAND, DETECTED),
    CLASSIFY_SEVERITY("change the severity of", "change the severity", Authority.COMMAND,
            DETECTED, TRIAGED, CONTAINED, RESOLVED),
    ASSIGN_ROLE("assign roles on", "assign roles", Authority.COMMAND, DETECTED, TRIAGED, CONTAINED, RESOLVED),
    RECORD_CONTAINMENT_ACTION("record containment actions on", "record containment actions", Authority.RESPOND,
            DETECTED, TRIAGED, CONTAINED),
    DECLARE_CONTAINMENT("declare containment of", "declare containment", Authority.COMMAND, TRIAGED),
    RECORD_FINDING("record findings on", "record findings", Authority.RESPOND, DETECTED, TRIAGED, CONTAINED, RESOLVED),
    IDENTIFY_ROOT_CAUSE("identify the root cause of", "identify the root cause", Authority.RESPOND,
            TRIAGED, CONTAINED, RESOLVED),
    RECORD_RESOLUTION_STEP("record resolution steps on", "record resolution steps", Authority.RESPOND,
            TRIAGED, CONTAINED),
    RESOLVE("resolve", "resolve the incident", Authority.COMMAND, CONTAINED),
    CLOSE("close", "close the incident", Authority.COMMAND, RESOLVED),
    REOPEN("reopen", "reopen the incident", Authority.COMMAND, RESOLVED, CLOSED),
    ADD_TIMELINE_ENTRY("add timeline entries to", "add timeline entries", Authority.RESPOND,
            DETECTED, TRIAGED, DISMISSED, CONTAINED, RESOLVED),
    POST_STATUS_UPDATE("post status updates on", "post status updates", Authority.COMMUNICATE,
            DETECTED, TRIAGED, DISMISSED, CONTAINED, RESOLVED),
    RECORD_REGULATORY_ASSESSMENT("assess the regulatory duties of", "record the regulatory assessment",
            Authority.COMMAND, DETECTED, TRIAGED, CONTAINED, RESOLVED),
    RECORD_REPORT_SUBMISSION("record report submissions on", "record a report submitted to an authority",
            Authority.COMMAND, DETECTED, TRIAGED, CONTAINED, RESOLVED, CLOSED),
    DRAFT_REVIEW("draft the review of", "draft the post-incident review", Authority.COMMAND,
            TRIAGED, CONTAINED, RESOLVED),
    PUBLISH_REVIEW("publish the review of", "publish the post-incident review", Authority.COMMAND, RESOLVED),
    ADD_ACTION_ITEM("add action items to", "add action items", Authority.RESPOND, TRIAGED, CONTAINED, RESOLVED, CLOSED),
    COMPLETE_ACTION_ITEM("complete action items on", "complete action items", Authority.RESPOND,
            IncidentStatus.values()),
    ATTACH_SIGNAL("attach signals to", "attach signals", Authority.RESPOND, DETECTED, TRIAGED, CONTAINED, RESOLVED);

    /** Who may take a step. */
    public enum Authority {
        /** The commander role, or the responder who holds INCIDENT_COMMANDER on this incident. */
        COMMAND("incident commander"),
        /** Responders, commanders, and anyone holding a role on this incident. */
        RESPOND("responder"),
        /** As COMMAND, or the holder of COMMUNICATIONS_LEAD on this incident. */
        COMMUNICATE("incident commander or communications lead");

        private final String holder;

        Authority(String holder) {
            this.holder = holder;
        }

        /** Who the step waits for, in words ("waiting for: incident commander"). */
        public String holder() {
            return holder;
        }
    }

    private final String onState;
    private final String verb;
    private final Authority authority;
    private final Set<IncidentStatus> states;

    ResponseAction(String onState, String verb, Authority authority, IncidentStatus... states) {
        this.onState = onState;
        this.verb = verb;
        this.authority = authority;
        this.states = EnumSet.copyOf(Set.of(states));
    }

    public Authority authority() {
        return authority;
    }

    public boolean allowedIn(IncidentStatus status) {
        return states.contains(status);
    }

    /** Whether {@code actor} may take this step on {@code incident} now (state and authority, not the inputs). */
    public boolean allows(Incident incident, Actor actor) {
        return allowedIn(incident.status()) && permits(incident, actor);
    }

    public boolean permits(Incident incident, Actor actor) {
        return switch (authority) {
            case COMMAND -> IncidentRules.commands(incident, actor);
            case RESPOND -> IncidentRules.responds(incident, actor);
            case COMMUNICATE -> IncidentRules.holds(incident, actor, IncidentRole.COMMUNICATIONS_LEAD)
                    || IncidentRules.commands(incident, actor);
        };
    }

    /** Refuses the step unless the incident's state and the actor allow it (the decider's first check). */
    void check(Incident incident, CommandContext ctx) {
        IncidentRules.allowedIn(incident, onState, states.toArray(IncidentStatus[]::new));
        if (!permits(incident, ctx.actor())) {
            throw IncidentRefusal.notPermitted(authority == Authority.RESPOND
                    ? "Only responders and commanders may " + verb : "Only the incident commander may " + verb);
        }
    }
}
