package dev.aiim.notification.service;

import dev.aiim.contracts.MessageType;
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
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.contracts.incident.SeverityClassified;
import dev.aiim.contracts.incident.StatusUpdatePosted;
import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.Directory.Destination;
import dev.aiim.notification.domain.IncidentMessage;
import dev.aiim.notification.domain.UpdateCadence;
import dev.aiim.notification.repository.IncidentFactsRepository;
import dev.aiim.notification.repository.IncidentFactsRepository.IncidentFacts;
import dev.aiim.notification.repository.TimerRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each incident event means for notifications, in the playbook's words: who hears about it, what the
 * message says, which pages start or stop, which clocks (update cadence, regulatory deadlines) are armed.
 * Runs in the consumer's transaction with the idempotency record, so an event is routed once.
 */
@ApplicationScoped
public class IncidentRouter {

    /** Who a notice is for. */
    enum Recipients { RESPONSE_TEAM, CLIENT, LEADERSHIP, COMPLIANCE }

    static final String CADENCE_PREFIX = "cadence:";
    static final String DEADLINE_PREFIX = "deadline:";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final IncidentFactsRepository facts;
    private final DeliveryPlanner planner;
    private final Paging paging;
    private final TimerRepository timers;
    private final NotificationConfig config;

    public IncidentRouter(IncidentFactsRepository facts, DeliveryPlanner planner, Paging paging, TimerRepository timers,
                          NotificationConfig config) {
        this.facts = facts;
        this.planner = planner;
        this.paging = paging;
        this.timers = timers;
        this.config = config;
    }

    public Uni<Void> route(MessageType type, IncidentEvent event) {
        IncidentEventHeader h = event.header();
        Uni<Void> recorded = Uni.createFrom().voidItem();
        if (event instanceof IncidentOpened opened) {
            recorded = facts.describe(h.incidentId(), opened.title(), opened.description());
        } else if (event instanceof RoleAssigned assigned) {
            recorded = facts.assignRole(h.incidentId(), assigned.role(), assigned.person());
        }
        return recorded.chain(() -> facts.find(h.incidentId())).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            IncidentFacts incident = found.get();
            return planner.directory().chain(directory -> react(type, event, incident, directory));
        });
    }

    private Uni<Void> react(MessageType type, IncidentEvent event, IncidentFacts incident, Directory directory) {
        IncidentEventHeader h = event.header();
        String cause = h.eventId();
        if (event instanceof IncidentOpened opened) {
            return facts.system(h.systemId()).chain(system -> {
                String team = system.map(AiSystem::ownerTeam).orElse(null);
                String policy = directory.routing().escalationPolicyFor(team);
                if (policy == null) {
                    return Uni.createFrom().voidItem();
                }
                String known = opened.title() + (opened.description() == null ? "" : ". " + opened.description())
                        + ". Detected " + TIME.format(opened.detectedAt()) + " by " + opened.source()
                        + (opened.suggestedSeverity() == null ? "" : ", suggested " + opened.suggestedSeverity())
                        + (system.isEmpty() ? "" : "; system " + system.get().name() + " (" + system.get().riskTier()
                        + " risk, team " + team + ")") + ".";
                IncidentMessage message = new IncidentMessage(type.name(), incident.incidentId(), incident.title(),
                        opened.suggestedSeverity(), incident.status(), "New incident: triage needed", known,
                        "You are paged as on-call engineer: acknowledge, then triage within the playbook's window.",
                        null, link(incident.incidentId()), null, incident.simulation());
                return paging.start(directory, policy, h.incidentId(), cause, h.version(), h.simulation(), message)
                        .replaceWithVoid();
            });
        }
        if (event instanceof IncidentTriaged triaged) {
            Instant next = nextUpdate(directory, triaged.severity(), triaged.triagedAt());
            return teamSummary(h.incidentId()).chain(team -> notify(directory, incident, type, cause,
                            leadershipToo(triaged.severity(), Recipients.RESPONSE_TEAM, Recipients.CLIENT),
                            "Incident confirmed as " + triaged.severity(),
                            describe(incident) + " Triage: " + triaged.rationale(),
                            "Response team: " + team + ". Containment is the next step.", next))
                    .chain(() -> armCadence(directory, incident, triaged.severity(), triaged.triagedAt(), next, cause));
        }
        if (event instanceof IncidentDismissed dismissed) {
            return notify(directory, incident, type, cause, EnumSet.of(Recipients.RESPONSE_TEAM),
                    "Dismissed as a false alarm", describe(incident) + " Rationale: " + dismissed.rationale(),
                    "No further action.", null)
                    .chain(() -> stopClocks(h.incidentId()));
        }
        if (event instanceof SeverityClassified classified) {
            if (classified.severity() == classified.previousSeverity()) {
                return Uni.createFrom().voidItem();
            }
            Set<Recipients> to = EnumSet.of(Recipients.RESPONSE_TEAM);
            if (severe(classified.severity()) || severe(classified.previousSeverity())) {
                to.add(Recipients.LEADERSHIP);
            }
            Instant lastUpdate = incident.lastUpdateAt() != null ? incident.lastUpdateAt() : h.recordedAt();
            Instant next = nextUpdate(directory, classified.severity(), lastUpdate);
            return notify(directory, incident, type, cause, to, "Severity changed to " + classified.severity(),
                    describe(incident) + " Severity " + (classified.previousSeverity() == null ? "set"
                            : classified.previousSeverity() + " -> " + classified.severity()) + ": " + classified.reason(),
                    null, next)
                    .chain(() -> open(incident.status()) && incident.triaged()
                            ? armCadence(directory, incident, classified.severity(), lastUpdate, next, cause)
                            : Uni.createFrom().voidItem());
        }
        if (event instanceof RoleAssigned assigned) {
            return directory.roleHolder(assigned.person().id(), assigned.person().email())
                    .map(d -> planner.enqueue(directory, notice(incident, cause, message(type, incident,
                            "You are now " + roleName(assigned.role()), describe(incident),
                            "Open the incident for the current state and your next steps.", null), List.of(d)))
                            .replaceWithVoid())
                    .orElse(Uni.createFrom().voidItem());
        }
        if (event instanceof ContainmentActionRecorded action) {
            return notify(directory, incident, type, cause, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM),
                    "Containment action: " + action.type(), describe(incident) + " " + action.description()
                            + (action.effective() ? " It stopped the harm." : " It has not stopped the harm yet."),
                    action.effective() ? "Confirming containment." : "Further containment under way.", null);
        }
        if (event instanceof IncidentContained contained) {
            return notify(directory, incident, type, cause,
                    leadershipToo(h.severity(), Recipients.RESPONSE_TEAM, Recipients.CLIENT), "Harm contained",
                    describe(incident) + " " + contained.summary(), "Investigation and a permanent fix.",
                    nextUpdate(directory, h.severity(), contained.containedAt()));
        }
        if (event instanceof StatusUpdatePosted update) {
            Instant next = update.nextUpdateBy() != null ? update.nextUpdateBy()
                    : nextUpdate(directory, h.severity(), h.recordedAt());
            return notify(directory, incident, type, cause, EnumSet.of(recipients(update.audience())),
                    "Status update (" + update.audience().name().toLowerCase() + ")", update.whatIsKnown(),
                    update.whatIsBeingDone(), next)
                    .chain(() -> open(incident.status()) && incident.triaged()
                            ? armCadence(directory, incident, h.severity(), h.recordedAt(), next, cause)
                            : Uni.createFrom().voidItem());
        }
        if (event instanceof IncidentResolved resolved) {
            return notify(directory, incident, type, cause,
                    leadershipToo(h.severity(), Recipients.RESPONSE_TEAM, Recipients.CLIENT), "Resolved",
                    describe(incident) + " " + resolved.summary(), "Post-incident review follows.", null)
                    .chain(() -> stopClocks(h.incidentId()));
        }
        if (event instanceof IncidentClosed closed) {
            return notify(directory, incident, type, cause, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM),
                    "Closed", describe(incident) + " " + closed.summary(), null, null)
                    .chain(() -> stopClocks(h.incidentId()));
        }
        if (event instanceof IncidentReopened reopened) {
            Instant next = nextUpdate(directory, h.severity(), reopened.reopenedAt());
            return notify(directory, incident, type, cause, leadershipToo(h.severity(), Recipients.RESPONSE_TEAM),
                    "Reopened", describe(incident) + " Reason: " + reopened.reason(), "The response resumes.", next)
                    .chain(() -> h.severity() == null ? Uni.createFrom().voidItem()
                            : armCadence(directory, incident, h.severity(), reopened.reopenedAt(), next, cause));
        }
        if (event instanceof RegulatoryAssessmentRecorded assessment) {
            String clocks = assessment.deadlines().isEmpty() ? "No notification law applies."
                    : assessment.deadlines().stream().map(d -> d.regime() + " " + d.obligation() + " due "
                    + TIME.format(d.dueAt())).collect(Collectors.joining("; "));
            return notify(directory, incident, type, cause, EnumSet.of(Recipients.COMPLIANCE),
                    "Regulatory assessment recorded", describe(incident) + " Clocks: " + clocks,
                    "Reminders follow at " + directory.routing().deadlineReminderPercents().stream()
                            .map(p -> p + " %").collect(Collectors.joining(", ")) + " of each clock.", null)
                    .chain(() -> armDeadlines(directory, incident, assessment.deadlines()));
        }
        return Uni.createFrom().voidItem();
    }

    // --- recipients and messages

    /** Sends a notice to the given audiences of the incident. */
    Uni<Void> notify(Directory directory, IncidentFacts incident, MessageType type, String cause, Set<Recipients> to,
                     String headline, String known, String doing, Instant nextUpdate) {
        return notifyWithReason(directory, incident, type.name(), cause, to, headline, known, doing, nextUpdate);
    }

    Uni<Void> notifyWithReason(Directory directory, IncidentFacts incident, String reason, String cause,
                               Set<Recipients> to, String headline, String known, String doing, Instant nextUpdate) {
        IncidentMessage message = new IncidentMessage(reason, incident.incidentId(), incident.title(),
                incident.severity(), incident.status(), headline, known, doing, nextUpdate,
                config.incidentLinkBase() + incident.incidentId(), null, incident.simulation());
        return destinations(directory, incident, to).chain(destinations -> planner.enqueue(directory,
                notice(incident, cause, message, destinations))).replaceWithVoid();
    }

    Uni<List<Destination>> destinations(Directory directory, IncidentFacts incident, Set<Recipients> to) {
        Uni<List<Destination>> team = to.contains(Recipients.RESPONSE_TEAM)
                ? facts.roleHolders(incident.incidentId()).map(holders -> holders.values().stream()
                .map(p -> directory.roleHolder(p.id(), p.email())).flatMap(Optional::stream).toList())
                : Uni.createFrom().item(List.of());
        Uni<List<Destination>> client = to.contains(Recipients.CLIENT)
                ? facts.system(incident.systemId()).map(s -> directory.client(s.orElse(null)))
                : Uni.createFrom().item(List.of());
        return team.chain(t -> client.map(c -> {
            List<Destination> all = new ArrayList<>(t);
            all.addAll(c);
            if (to.contains(Recipients.LEADERSHIP)) {
                all.addAll(directory.people(directory.routing().leadership()));
            }
            if (to.contains(Recipients.COMPLIANCE)) {
                all.addAll(directory.people(directory.routing().compliance()));
            }
            return all;
        }));
    }

    String link(String incidentId) {
        return config.incidentLinkBase() + incidentId;
    }

    DeliveryPlanner.Notice notice(IncidentFacts incident, String cause, IncidentMessage message, List<Destination> to) {
        return new DeliveryPlanner.Notice(incident.incidentId(), incident.version(), incident.simulation(), cause,
                message, to, null);
    }

    private IncidentMessage message(MessageType type, IncidentFacts incident, String headline, String known,
                                    String doing, Instant next) {
        return new IncidentMessage(type.name(), incident.incidentId(), incident.title(), incident.severity(),
                incident.status(), headline, known, doing, next, config.incidentLinkBase() + incident.incidentId(),
                null, incident.simulation());
    }

    private Uni<String> teamSummary(String incidentId) {
        return facts.roleHolders(incidentId).map(holders -> holders.isEmpty() ? "roles not yet assigned"
                : holders.entrySet().stream().map(e -> roleName(e.getKey()) + " " + e.getValue().name())
                .collect(Collectors.joining(", ")));
    }

    static String describe(IncidentFacts incident) {
        return incident.title() + (incident.description() == null ? "." : ". " + incident.description()
                + (incident.description().endsWith(".") ? "" : "."));
    }

    static String roleName(IncidentRole role) {
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

    private static Set<Recipients> leadershipToo(Severity severity, Recipients... base) {
        Set<Recipients> to = EnumSet.noneOf(Recipients.class);
        to.addAll(List.of(base));
        if (severe(severity)) {
            to.add(Recipients.LEADERSHIP);
        }
        return to;
    }

    static boolean severe(Severity severity) {
        return severity == Severity.SEV1 || severity == Severity.SEV2;
    }

    private static boolean open(String status) {
        return !Set.of("RESOLVED", "CLOSED", "DISMISSED").contains(status);
    }

    // --- clocks

    private static Instant nextUpdate(Directory directory, Severity severity, Instant from) {
        return severity == null ? null : directory.routing().cadence().nextDue(severity, from).orElse(null);
    }

    /** (Re)arms the incident's update cadence: due at {@code due}, counted from {@code lastUpdate}. */
    private Uni<Void> armCadence(Directory directory, IncidentFacts incident, Severity severity, Instant lastUpdate,
                                 Instant due, String anchor) {
        return facts.updated(incident.incidentId(), lastUpdate).chain(() -> due == null
                ? timers.disarm(CADENCE_PREFIX + incident.incidentId())
                : timers.arm(CADENCE_PREFIX + incident.incidentId(), TimerRepository.Kind.CADENCE,
                incident.incidentId(), due, Map.of("severity", severity.name(), "lastUpdateAt", lastUpdate.toString(),
                        "anchor", anchor)));
    }

    private Uni<Void> stopClocks(String incidentId) {
        return timers.disarm(CADENCE_PREFIX + incidentId).chain(() -> paging.cancelAll(incidentId));
    }

    /** A reminder per deadline and share of its clock; reminders already sent stay sent. */
    private Uni<Void> armDeadlines(Directory directory, IncidentFacts incident, List<RegulatoryDeadline> deadlines) {
        String prefix = DEADLINE_PREFIX + incident.incidentId() + ":";
        return timers.disarmAll(incident.incidentId(), prefix).chain(() -> Multi.createFrom().iterable(deadlines)
                .onItem().transformToIterable(d -> UpdateCadence.reminders(d, directory.routing().deadlineReminderPercents()))
                .onItem().transformToUniAndConcatenate(r -> timers.armOnce(
                        prefix + r.deadline().regime() + ":" + r.deadline().obligation() + ":"
                                + r.deadline().dueAt().getEpochSecond() + ":" + r.percent(),
                        TimerRepository.Kind.DEADLINE, incident.incidentId(), r.at(),
                        Map.of("regime", r.deadline().regime(), "obligation", r.deadline().obligation(),
                                "clockStartedAt", r.deadline().clockStartedAt().toString(),
                                "dueAt", r.deadline().dueAt().toString(), "percent", r.percent())))
                .collect().last().replaceWithVoid());
    }
}
