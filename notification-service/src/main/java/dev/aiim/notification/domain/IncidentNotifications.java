package dev.aiim.notification.domain;

import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.ContainmentActionRecorded;
import dev.aiim.contracts.incident.IncidentClosed;
import dev.aiim.contracts.incident.IncidentContained;
import dev.aiim.contracts.incident.IncidentDismissed;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentReopened;
import dev.aiim.contracts.incident.IncidentResolved;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.IncidentTriaged;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.RegulatoryReportSubmitted;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.contracts.incident.SeverityClassified;
import dev.aiim.contracts.incident.StatusUpdatePosted;
import dev.aiim.notification.domain.NotificationPlan.CadenceChange;
import dev.aiim.notification.domain.NotificationPlan.Notice;
import dev.aiim.notification.domain.NotificationPlan.PageStart;
import dev.aiim.notification.domain.NotificationPlan.Recipients;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each incident event means for notifications, in the playbook's words: who hears about it, what the message
 * says, which page starts, and which clocks (update cadence, regulatory deadlines) are armed or stopped. A pure
 * function of the event, what routing knows of the incident, and the routing document.
 */
public final class IncidentNotifications {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * What routing knows when an event arrives.
     *
     * @param incident    the incident after the event
     * @param system      the AI system it concerns, when the registry has it
     * @param roleHolders who holds which role on the incident now
     * @param routing     the routing document (audiences, escalation policies, cadences)
     * @param link        where a person opens the incident
     */
    public record Situation(MessageType type, IncidentEvent event, IncidentFacts incident, @Nullable AiSystem system,
                            Map<IncidentRole, Person> roleHolders, RoutingPolicy routing, String link) {
    }

    private IncidentNotifications() {
    }

    public static NotificationPlan plan(Situation s) {
        IncidentEvent event = s.event();
        IncidentEventHeader h = event.header();
        if (event instanceof IncidentOpened opened) {
            return page(s, opened);
        }
        if (event instanceof IncidentTriaged triaged) {
            Instant next = nextUpdate(s, triaged.severity(), triaged.triagedAt());
            return new NotificationPlan(List.of(notice(s, leadershipToo(triaged.severity(), Recipients.RESPONSE_TEAM,
                    Recipients.CLIENT), "Incident confirmed as " + triaged.severity(),
                    describe(s.incident()) + " Triage: " + triaged.rationale(),
                    "Response team: " + team(s.roleHolders()) + ". Containment is the next step.", next)),
                    null, new CadenceChange(triaged.severity(), triaged.triagedAt(), next, h.eventId()), false, null);
        }
        if (event instanceof IncidentDismissed dismissed) {
            return ending(notice(s, EnumSet.of(Recipients.RESPONSE_TEAM), "Dismissed as a false alarm",
                    describe(s.incident()) + " Rationale: " + dismissed.rationale(), "No further action.", null));
        }
        if (event instanceof SeverityClassified classified) {
            return severityChanged(s, classified);
        }
        if (event instanceof RoleAssigned assigned) {
            return only(new Notice(EnumSet.noneOf(Recipients.class), assigned.person(), message(s,
                    "You are now " + roleName(assigned.role()), describe(s.incident()),
                    "Open the incident for the current state and your next steps.", null)));
        }
        if (event instanceof ContainmentActionRecorded action) {
            return only(notice(s, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM),
                    "Containment action: " + action.type(), describe(s.incident()) + " " + action.description()
                            + (action.effective() ? " It stopped the harm." : " It has not stopped the harm yet."),
                    action.effective() ? "Confirming containment." : "Further containment under way.", null));
        }
        if (event instanceof IncidentContained contained) {
            return only(notice(s, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM, Recipients.CLIENT),
                    "Harm contained", describe(s.incident()) + " " + contained.summary(),
                    "Investigation and a permanent fix.", nextUpdate(s, h.severity(), contained.containedAt())));
        }
        if (event instanceof StatusUpdatePosted update) {
            Instant next = update.nextUpdateBy() != null ? update.nextUpdateBy()
                    : nextUpdate(s, h.severity(), h.recordedAt());
            return new NotificationPlan(List.of(notice(s, EnumSet.of(recipients(update.audience())),
                    "Status update (" + update.audience().name().toLowerCase() + ")", update.whatIsKnown(),
                    update.whatIsBeingDone(), next)), null,
                    restartsCadence(s.incident()) ? new CadenceChange(h.severity(), h.recordedAt(), next, h.eventId())
                            : null, false, null);
        }
        if (event instanceof IncidentResolved resolved) {
            return ending(notice(s, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM, Recipients.CLIENT),
                    "Resolved", describe(s.incident()) + " " + resolved.summary(), "Post-incident review follows.",
                    null));
        }
        if (event instanceof IncidentClosed closed) {
            return ending(notice(s, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM), "Closed",
                    describe(s.incident()) + " " + closed.summary(), null, null));
        }
        if (event instanceof IncidentReopened reopened) {
            Instant next = nextUpdate(s, h.severity(), reopened.reopenedAt());
            return new NotificationPlan(List.of(notice(s, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM),
                    "Reopened", describe(s.incident()) + " Reason: " + reopened.reason(), "The response resumes.", next)),
                    null, h.severity() == null ? null
                    : new CadenceChange(h.severity(), reopened.reopenedAt(), next, h.eventId()), false, null);
        }
        if (event instanceof RegulatoryAssessmentRecorded assessment) {
            String clocks = assessment.deadlines().isEmpty() ? "No notification law applies."
                    : assessment.deadlines().stream().map(d -> d.regime() + " " + d.obligation()
                    + (assessment.clocksMet().contains(d.regime()) ? " met by a submitted report"
                    : " due " + TIME.format(d.dueAt()))).collect(Collectors.joining("; "));
            return new NotificationPlan(List.of(notice(s, EnumSet.of(Recipients.COMPLIANCE),
                    "Regulatory assessment recorded", describe(s.incident()) + " Clocks: " + clocks,
                    "Reminders follow at " + s.routing().deadlineReminderPercents().stream()
                            .map(p -> p + " %").collect(Collectors.joining(", ")) + " of each clock.", null)),
                    null, null, false, assessment.deadlines().stream()
                    .filter(d -> !assessment.clocksMet().contains(d.regime())).toList());
        }
        if (event instanceof RegulatoryReportSubmitted submitted) {
            String stage = submitted.regime() + " " + submitted.stage().toLowerCase(Locale.ROOT).replace('_', ' ');
            String next = submitted.nextDeadline() == null ? "" : " " + submitted.nextDeadline().obligation()
                    + " is due " + TIME.format(submitted.nextDeadline().dueAt()) + ".";
            return new NotificationPlan(List.of(notice(s, EnumSet.of(Recipients.COMPLIANCE),
                    "Report submitted: " + stage, describe(s.incident()) + " The " + stage + " report was submitted"
                            + (submitted.authority() == null ? "" : " to " + submitted.authority()) + " at "
                            + TIME.format(submitted.submittedAt()) + " (" + submitted.digest() + ").",
                    (submitted.clocksMet().isEmpty() ? "No clock stops." : "Reminders stop for "
                            + String.join(", ", submitted.clocksMet()) + ".") + next, null)),
                    null, null, false, null,
                    new NotificationPlan.ClocksChange(submitted.clocksMet(), submitted.nextDeadline()));
        }
        return NotificationPlan.nothing();
    }

    /** A new incident pages the on-call engineer of the system's owner team, if routing names a policy for it. */
    private static NotificationPlan page(Situation s, IncidentOpened opened) {
        AiSystem system = s.system();
        String team = system == null ? null : system.ownerTeam();
        String policy = s.routing().escalationPolicyFor(team);
        if (policy == null) {
            return NotificationPlan.nothing();
        }
        String known = opened.title() + (opened.description() == null ? "" : ". " + opened.description())
                + ". Detected " + TIME.format(opened.detectedAt()) + " by " + opened.source()
                + (opened.suggestedSeverity() == null ? "" : ", suggested " + opened.suggestedSeverity())
                + (system == null ? "" : "; system " + system.name() + " (" + system.riskTier() + " risk, team " + team
                + ")") + ".";
        IncidentMessage message = new IncidentMessage(s.type().name(), s.incident().incidentId(), s.incident().title(),
                opened.suggestedSeverity(), s.incident().status(), "New incident: triage needed", known,
                "You are paged as on-call engineer: acknowledge, then triage within the playbook's window.", null,
                s.link(), null, s.incident().simulation());
        return new NotificationPlan(List.of(), new PageStart(policy, message), null, false, null);
    }

    private static NotificationPlan severityChanged(Situation s, SeverityClassified classified) {
        if (classified.severity() == classified.previousSeverity()) {
            return NotificationPlan.nothing();
        }
        Set<Recipients> to = EnumSet.of(Recipients.RESPONSE_TEAM);
        if (severe(classified.severity()) || severe(classified.previousSeverity())) {
            to.add(Recipients.LEADERSHIP);
        }
        IncidentEventHeader h = classified.header();
        Instant lastUpdate = s.incident().lastUpdateAt() != null ? s.incident().lastUpdateAt() : h.recordedAt();
        Instant next = nextUpdate(s, classified.severity(), lastUpdate);
        Notice notice = notice(s, to, "Severity changed to " + classified.severity(), describe(s.incident())
                + " Severity " + (classified.previousSeverity() == null ? "set"
                : classified.previousSeverity() + " -> " + classified.severity()) + ": " + classified.reason(), null, next);
        return new NotificationPlan(List.of(notice), null, restartsCadence(s.incident())
                ? new CadenceChange(classified.severity(), lastUpdate, next, h.eventId()) : null, false, null);
    }

    /** Updates and severity changes restart the cadence only while a confirmed incident is still open. */
    private static boolean restartsCadence(IncidentFacts incident) {
        return incident.open() && incident.triaged();
    }

    private static NotificationPlan only(Notice notice) {
        return new NotificationPlan(List.of(notice), null, null, false, null);
    }

    private static NotificationPlan ending(Notice notice) {
        return new NotificationPlan(List.of(notice), null, null, true, null);
    }

    private static Notice notice(Situation s, Set<Recipients> to, String headline, String known,
                                 @Nullable String doing, @Nullable Instant next) {
        return new Notice(to, null, message(s, headline, known, doing, next));
    }

    private static IncidentMessage message(Situation s, String headline, String known, @Nullable String doing,
                                           @Nullable Instant next) {
        IncidentFacts incident = s.incident();
        return new IncidentMessage(s.type().name(), incident.incidentId(), incident.title(), incident.severity(),
                incident.status(), headline, known, doing, next, s.link(), null, incident.simulation());
    }

    private static String team(Map<IncidentRole, Person> holders) {
        return holders.isEmpty() ? "roles not yet assigned" : holders.entrySet().stream()
                .map(e -> roleName(e.getKey()) + " " + e.getValue().name()).collect(Collectors.joining(", "));
    }

    /** The incident's title and description as one sentence or two. */
    public static String describe(IncidentFacts incident) {
        return incident.title() + (incident.description() == null ? "." : ". " + incident.description()
                + (incident.description().endsWith(".") ? "" : "."));
    }

    public static String roleName(IncidentRole role) {
        return switch (role) {
            case INCIDENT_COMMANDER -> "incident commander";
            case TECHNICAL_LEAD -> "technical lead";
            case CLIENT_LIAISON -> "client liaison";
            case COMMUNICATIONS_LEAD -> "communications lead";
            case SCRIBE -> "scribe";
        };
    }

    private static Recipients recipients(Audience audience) {
        return switch (audience) {
            case INTERNAL -> Recipients.RESPONSE_TEAM;
            case CLIENT -> Recipients.CLIENT;
            case LEADERSHIP -> Recipients.LEADERSHIP;
            case REGULATOR -> Recipients.COMPLIANCE;
        };
    }

    /** SEV1 and SEV2 reach leadership as well. */
    private static Set<Recipients> leadershipToo(@Nullable Severity severity, Recipients... base) {
        Set<Recipients> to = EnumSet.noneOf(Recipients.class);
        to.addAll(List.of(base));
        if (severe(severity)) {
            to.add(Recipients.LEADERSHIP);
        }
        return to;
    }

    public static boolean severe(@Nullable Severity severity) {
        return severity == Severity.SEV1 || severity == Severity.SEV2;
    }

    @Nullable
    private static Instant nextUpdate(Situation s, @Nullable Severity severity, Instant from) {
        return severity == null ? null : s.routing().cadence().nextDue(severity, from).orElse(null);
    }
}
