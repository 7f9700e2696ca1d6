package dev.aiim.notification.service;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.notification.UpdateOverdue;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.Directory.Destination;
import dev.aiim.notification.domain.IncidentFacts;
import dev.aiim.notification.domain.IncidentMessage;
import dev.aiim.notification.domain.IncidentNotifications;
import dev.aiim.notification.repository.IncidentFactsRepository;
import dev.aiim.notification.repository.OutboxRepository;
import dev.aiim.notification.repository.TimerRepository;
import dev.aiim.notification.repository.TimerRepository.DueTimer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Fires due timers, each in the same transaction as its effects (deliveries, outbox messages, the timer's
 * own re-arming): a timer that fell due while the service was down fires once when it is back, and two
 * replicas never fire the same timer (SKIP LOCKED).
 */
@ApplicationScoped
public class TimerFiring {

    private static final Logger LOG = Logger.getLogger(TimerFiring.class);
    public static final int BATCH = 20;

    private final TimerRepository timers;
    private final IncidentFactsRepository facts;
    private final IncidentRouter router;
    private final DeliveryPlanner planner;
    private final Paging paging;
    private final OutboxRepository outbox;
    private final References references;
    private final Pool pool;
    private final Clock clock;

    public TimerFiring(TimerRepository timers, IncidentFactsRepository facts, IncidentRouter router,
                       DeliveryPlanner planner, Paging paging, OutboxRepository outbox, References references,
                       Pool pool, Clock clock) {
        this.timers = timers;
        this.references = references;
        this.pool = pool;
        this.facts = facts;
        this.router = router;
        this.planner = planner;
        this.paging = paging;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Fires what is due now, in one transaction; answers how many timers fired. */
    public Uni<Integer> fireDue() {
        return pool.withTransaction(client -> timers.claimDue(client, clock.instant(), BATCH)
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(timer -> fire(client, timer))
                        .collect().asList().map(List::size)));
    }

    private Uni<Void> fire(SqlClient client, DueTimer timer) {
        LOG.debugf("Timer %s (%s) fires, due %s", timer.id(), timer.kind(), timer.dueAt());
        return switch (timer.kind()) {
            case ESCALATION -> timers.markFired(client, timer.id(), clock.instant()).chain(() -> paging.escalate(client,
                    timer.text("pageId"), ((Number) timer.data().get("step")).intValue(),
                    EventJson.mapper().convertValue(timer.data().get("message"), IncidentMessage.class)));
            case CADENCE -> cadence(client, timer);
            case DEADLINE -> timers.markFired(client, timer.id(), clock.instant()).chain(() -> deadline(client, timer));
        };
    }

    /**
     * An update is overdue: remind the commander and the communications lead, and after enough misses
     * leadership; publish {@code update.overdue}; wait one more cadence period for the next miss. A timer that
     * fires late (the service was down, or the clock moved) counts every period that passed since it fell due and
     * sends one reminder that says so, not one per period in a burst.
     */
    private Uni<Void> cadence(SqlClient client, DueTimer timer) {
        return facts.find(client, timer.incidentId()).chain(found -> {
            if (found.isEmpty() || !found.get().triaged() || !found.get().open()) {
                return timers.markFired(client, timer.id(), clock.instant());
            }
            IncidentFacts incident = found.get();
            Severity severity = incident.severity() != null ? incident.severity()
                    : Severity.valueOf(timer.text("severity"));
            Instant now = clock.instant();
            return references.directory(client).chain(directory -> {
                Optional<Duration> period = Optional.ofNullable(directory.routing().cadence().every().get(severity));
                int passed = period.map(p -> periodsPassed(timer.dueAt(), now, p)).orElse(0);
                int missed = timer.generation() + 1 + passed;
                boolean escalate = missed >= directory.routing().escalateAfterMissedUpdates();
                String cause = "cadence:" + timer.text("anchor") + ":" + missed;
                String known = "The next status update was due " + IncidentNotifications.TIME.format(timer.dueAt())
                        + "; " + missed + (missed == 1 ? " update is" : " updates are") + " missed (" + severity
                        + " cadence: every " + period.map(p -> p.toMinutes() + " min").orElse("-") + ")."
                        + (escalate ? " Leadership has been told." : "");
                IncidentMessage reminder = new IncidentMessage("update-overdue", incident.incidentId(),
                        incident.title(), incident.severity(), incident.status(), "Status update overdue", known,
                        "Post a status update now.", null, router.link(incident.incidentId()), null,
                        incident.simulation());
                return reminderDestinations(client, directory, incident, escalate)
                        .chain(to -> planner.enqueue(client, directory, router.notice(incident, cause, reminder, to)))
                        .chain(() -> facts.missedUpdates(client, incident.incidentId(), missed))
                        .chain(() -> outbox.add(client, "update.overdue:" + incident.incidentId() + ":"
                                        + timer.text("anchor") + ":" + missed, incident.incidentId(), now,
                                new UpdateOverdue(incident.incidentId(), severity, timer.dueAt(), now, missed,
                                        incident.simulation())))
                        .chain(() -> period.isPresent()
                                ? timers.rearm(client, timer.id(),
                                timer.dueAt().plus(period.get().multipliedBy(passed + 1L)), passed)
                                : timers.markFired(client, timer.id(), now));
            });
        });
    }

    /** Whole cadence periods between when the timer fell due and now (0 when it fires on time). */
    static int periodsPassed(Instant dueAt, Instant now, Duration period) {
        if (!now.isAfter(dueAt) || period.isZero() || period.isNegative()) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, Duration.between(dueAt, now).dividedBy(period));
    }

    private Uni<List<Destination>> reminderDestinations(SqlClient client, Directory directory, IncidentFacts incident,
                                                        boolean leadership) {
        return facts.roleHolders(client, incident.incidentId()).map(holders -> {
            List<Destination> to = new ArrayList<>();
            for (IncidentRole role : EnumSet.of(IncidentRole.INCIDENT_COMMANDER, IncidentRole.COMMUNICATIONS_LEAD)) {
                if (holders.containsKey(role)) {
                    directory.roleHolder(holders.get(role).id(), holders.get(role).email()).ifPresent(to::add);
                }
            }
            if (leadership) {
                to.addAll(directory.people(directory.routing().leadership()));
            }
            return to;
        });
    }

    /** A share of a regulatory clock has run: remind the compliance contacts. */
    private Uni<Void> deadline(SqlClient client, DueTimer timer) {
        return facts.find(client, timer.incidentId()).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            IncidentFacts incident = found.get();
            int percent = ((Number) timer.data().get("percent")).intValue();
            Instant due = Instant.parse(timer.text("dueAt"));
            String headline = percent >= 100 ? "Regulatory deadline reached: " + timer.text("regime")
                    : "Regulatory deadline " + percent + " % elapsed: " + timer.text("regime");
            String known = timer.text("regime") + " (" + timer.text("obligation") + ") is due "
                    + IncidentNotifications.TIME.format(due) + "; its clock started "
                    + IncidentNotifications.TIME.format(Instant.parse(timer.text("clockStartedAt"))) + ".";
            IncidentMessage reminder = new IncidentMessage("deadline-reminder", incident.incidentId(), incident.title(),
                    incident.severity(), incident.status(), headline, known,
                    percent >= 100 ? "The deadline is now: file the notification or record why not."
                            : "Prepare the notification (GET /api/v1/incidents/{id}/exports/{regime}).",
                    due, router.link(incident.incidentId()), null, incident.simulation());
            return references.directory(client).chain(directory -> planner.enqueue(client, directory, router.notice(
                    incident, timer.id(), reminder, directory.people(directory.routing().compliance()))))
                    .replaceWithVoid();
        });
    }
}
