package dev.aiim.notification.service;

import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.Directory.Destination;
import dev.aiim.notification.domain.IncidentFacts;
import dev.aiim.notification.domain.IncidentMessage;
import dev.aiim.notification.domain.IncidentNotifications;
import dev.aiim.notification.domain.NotificationPlan;
import dev.aiim.notification.domain.NotificationPlan.CadenceChange;
import dev.aiim.notification.domain.NotificationPlan.Notice;
import dev.aiim.notification.domain.NotificationPlan.Recipients;
import dev.aiim.notification.domain.UpdateCadence;
import dev.aiim.notification.repository.IncidentFactsRepository;
import dev.aiim.notification.repository.TimerRepository;
import dev.aiim.platform.aisystem.AiSystemReplica;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out what an incident event means for notifications ({@link IncidentNotifications#plan}): gathers what
 * routing knows of the incident, then enqueues the notices, starts the page and arms or stops the clocks. Runs in
 * the consumer's transaction with the idempotency record, so an event is routed once.
 */
@ApplicationScoped
public class IncidentRouter {

    static final String CADENCE_PREFIX = "cadence:";
    static final String DEADLINE_PREFIX = "deadline:";

    private final IncidentFactsRepository facts;
    private final AiSystemReplica systems;
    private final References references;
    private final DeliveryPlanner planner;
    private final Paging paging;
    private final TimerRepository timers;
    private final NotificationConfig config;

    public IncidentRouter(IncidentFactsRepository facts, AiSystemReplica systems, References references,
                          DeliveryPlanner planner, Paging paging, TimerRepository timers, NotificationConfig config) {
        this.facts = facts;
        this.systems = systems;
        this.references = references;
        this.planner = planner;
        this.paging = paging;
        this.timers = timers;
        this.config = config;
    }

    /** Routes the event through {@code client}: the consumer's transaction with the idempotency record. */
    public Uni<Void> route(SqlClient client, MessageType type, IncidentEvent event) {
        IncidentEventHeader h = event.header();
        Uni<Void> recorded = Uni.createFrom().voidItem();
        if (event instanceof IncidentOpened opened) {
            recorded = facts.describe(client, h.incidentId(), opened.title(), opened.description());
        } else if (event instanceof RoleAssigned assigned) {
            recorded = facts.assignRole(client, h.incidentId(), assigned.role(), assigned.person());
        }
        return recorded.chain(() -> facts.find(client, h.incidentId())).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            IncidentFacts incident = found.get();
            String systemId = h.systemId() != null ? h.systemId() : incident.systemId();
            return systems.find(client, systemId).chain(system -> facts.roleHolders(client, incident.incidentId())
                    .chain(holders -> references.directory(client).chain(directory -> carryOut(client,
                            IncidentNotifications.plan(new IncidentNotifications.Situation(type, event, incident,
                                    system.orElse(null), holders, directory.routing(), link(incident.incidentId()))),
                            directory, incident, system, holders, h))));
        });
    }

    private Uni<Void> carryOut(SqlClient client, NotificationPlan plan, Directory directory, IncidentFacts incident,
                               Optional<AiSystem> system, Map<IncidentRole, Person> holders, IncidentEventHeader h) {
        String cause = h.eventId();
        Uni<Void> done = plan.page() == null ? Uni.createFrom().voidItem()
                : paging.start(client, directory, plan.page().escalationPolicyId(), h.incidentId(), cause, h.version(),
                h.simulation(), plan.page().message()).replaceWithVoid();
        for (Notice notice : plan.notices()) {
            List<Destination> to = notice.person() != null
                    ? directory.roleHolder(notice.person().id(), notice.person().email()).stream().toList()
                    : destinations(directory, notice, system, holders);
            // a new role holder the directory cannot reach is told nothing (not even a drill's audience)
            if (notice.person() == null || !to.isEmpty()) {
                done = done.chain(() -> planner.enqueue(client, directory,
                        notice(incident, cause, notice.message(), to))).replaceWithVoid();
            }
        }
        if (plan.cadence() != null) {
            done = done.chain(() -> armCadence(client, incident, plan.cadence()));
        }
        if (plan.stopPages()) {
            done = done.chain(() -> timers.disarm(client, CADENCE_PREFIX + incident.incidentId()))
                    .chain(() -> paging.cancelAll(client, incident.incidentId()));
        }
        if (plan.deadlines() != null) {
            done = done.chain(() -> armDeadlines(client, directory, incident, plan.deadlines()));
        }
        if (plan.submitted() != null) {
            done = done.chain(() -> submitted(client, directory, incident, plan.submitted()));
        }
        return done;
    }

    private static List<Destination> destinations(Directory directory, Notice notice, Optional<AiSystem> system,
                                                  Map<IncidentRole, Person> holders) {
        List<Destination> all = new ArrayList<>();
        if (notice.to().contains(Recipients.RESPONSE_TEAM)) {
            holders.values().forEach(p -> directory.roleHolder(p.id(), p.email()).ifPresent(all::add));
        }
        if (notice.to().contains(Recipients.CLIENT)) {
            all.addAll(directory.client(system.orElse(null)));
        }
        if (notice.to().contains(Recipients.LEADERSHIP)) {
            all.addAll(directory.people(directory.routing().leadership()));
        }
        if (notice.to().contains(Recipients.COMPLIANCE)) {
            all.addAll(directory.people(directory.routing().compliance()));
        }
        return all;
    }

    String link(String incidentId) {
        return config.incidentLinkBase() + incidentId;
    }

    DeliveryPlanner.Notice notice(IncidentFacts incident, String cause, IncidentMessage message, List<Destination> to) {
        return new DeliveryPlanner.Notice(incident.incidentId(), incident.version(), incident.simulation(), cause,
                message, to, null);
    }

    /** (Re)arms the incident's update cadence: due at {@code due}, counted from {@code lastUpdate}. */
    private Uni<Void> armCadence(SqlClient client, IncidentFacts incident, CadenceChange cadence) {
        String id = CADENCE_PREFIX + incident.incidentId();
        return facts.updated(client, incident.incidentId(), cadence.lastUpdate()).chain(() -> cadence.due() == null
                ? timers.disarm(client, id)
                : timers.arm(client, id, TimerRepository.Kind.CADENCE, incident.incidentId(), cadence.due(),
                Map.of("severity", cadence.severity().name(), "lastUpdateAt", cadence.lastUpdate().toString(),
                        "anchor", cadence.anchor())));
    }

    /** A reminder per deadline and share of its clock; reminders already sent stay sent. */
    private Uni<Void> armDeadlines(SqlClient client, Directory directory, IncidentFacts incident,
                                   List<RegulatoryDeadline> deadlines) {
        String prefix = DEADLINE_PREFIX + incident.incidentId() + ":";
        return timers.disarmAll(client, incident.incidentId(), prefix)
                .chain(() -> armReminders(client, directory, incident, deadlines));
    }

    /** A submitted report: the clocks it met stop reminding; a clock it started (NIS2's final report) is armed. */
    private Uni<Void> submitted(SqlClient client, Directory directory, IncidentFacts incident,
                                NotificationPlan.ClocksChange change) {
        String prefix = DEADLINE_PREFIX + incident.incidentId() + ":";
        List<String> stop = new ArrayList<>(change.stopped());
        if (change.started() != null) {
            stop.add(change.started().regime());
        }
        Uni<Void> done = Uni.createFrom().voidItem();
        for (String clock : stop) {
            done = done.chain(() -> timers.disarmAll(client, incident.incidentId(), prefix + clock + ":"));
        }
        return change.started() == null ? done
                : done.chain(() -> armReminders(client, directory, incident, List.of(change.started())));
    }

    private Uni<Void> armReminders(SqlClient client, Directory directory, IncidentFacts incident,
                                   List<RegulatoryDeadline> deadlines) {
        String prefix = DEADLINE_PREFIX + incident.incidentId() + ":";
        List<Integer> percents = directory.routing().deadlineReminderPercents();
        return Multi.createFrom()
                .iterable(deadlines)
                .onItem().transformToIterable(d -> UpdateCadence.reminders(d, percents))
                .onItem().transformToUniAndConcatenate(r -> timers.armOnce(client,
                        prefix + r.deadline().regime() + ":" + r.deadline().obligation() + ":"
                                + r.deadline().dueAt().getEpochSecond() + ":" + r.percent(),
                        TimerRepository.Kind.DEADLINE, incident.incidentId(), r.at(),
                        Map.of("regime", r.deadline().regime(), "obligation", r.deadline().obligation(),
                                "clockStartedAt", r.deadline().clockStartedAt().toString(),
                                "dueAt", r.deadline().dueAt().toString(), "percent", r.percent())))
                .collect().last().replaceWithVoid();
    }
}
