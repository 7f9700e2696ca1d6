package dev.aiim.notification.service;

import dev.aiim.contracts.notification.PageAcknowledged;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.Directory.Destination;
import dev.aiim.notification.domain.EscalationPolicy;
import dev.aiim.notification.domain.IncidentMessage;
import dev.aiim.notification.domain.Page;
import dev.aiim.notification.repository.OutboxRepository;
import dev.aiim.notification.repository.PageRepository;
import dev.aiim.notification.repository.TimerRepository;
import dev.aiim.notification.service.PeopleAdministration.Schedule;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Pages through escalation policies: the level's people (a schedule's on-call person at the time, or named
 * people) are paged on their first contact point; if nobody acknowledges within the level's timeout, a
 * timer in PostgreSQL pages the next level, round after round up to the policy's repeat limit.
 */
@ApplicationScoped
public class Paging {

    private static final Logger LOG = Logger.getLogger(Paging.class);
    static final String TIMER_PREFIX = "escalation:";

    private final PageRepository pages;
    private final TimerRepository timers;
    private final References references;
    private final DeliveryPlanner planner;
    private final OutboxRepository outbox;
    private final Pool pool;
    private final Clock clock;

    public Paging(PageRepository pages, TimerRepository timers, References references, DeliveryPlanner planner,
                  OutboxRepository outbox, Pool pool, Clock clock) {
        this.pages = pages;
        this.timers = timers;
        this.references = references;
        this.pool = pool;
        this.planner = planner;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Starts paging an incident through {@code policyId}, in the caller's transaction ({@code client}). The page
     * id derives from the cause (the incident event), so the same event seen twice pages once.
     */
    public Uni<Optional<Page>> start(SqlClient client, Directory directory, String policyId, String incidentId,
                                     String cause, Long version, boolean simulation, IncidentMessage message) {
        return references.escalationPolicy(client, policyId).chain(found -> {
            if (found.isEmpty()) {
                LOG.warnf("Incident %s: escalation policy %s does not exist, nobody paged", incidentId, policyId);
                return Uni.createFrom().item(Optional.<Page>empty());
            }
            String id = "pg-" + UUID.nameUUIDFromBytes((incidentId + "|" + cause).getBytes(StandardCharsets.UTF_8));
            Page page = new Page(id, incidentId, policyId, 0, Page.Status.OPEN, null, simulation, clock.instant(), null,
                    null);
            return pages.add(client, page).chain(added -> !added ? Uni.createFrom().voidItem()
                            : pageStep(client, directory, page, found.get(), 0, version, message))
                    .replaceWith(Optional.of(page));
        });
    }

    /** The escalation timer fired: page the next step if the page is still open (in the timer's transaction). */
    public Uni<Void> escalate(SqlClient client, String pageId, int step, IncidentMessage message) {
        return pages.lock(client, pageId).chain(found -> {
            if (found.isEmpty() || found.get().status() != Page.Status.OPEN) {
                return Uni.createFrom().voidItem();
            }
            Page page = found.get();
            return references.escalationPolicy(client, page.policyId())
                    .chain(policy -> {
                        if (policy.isEmpty() || policy.get().step(step).isEmpty()) {
                            LOG.warnf("Page %s of incident %s: every level paged, nobody acknowledged", pageId,
                                    page.incidentId());
                            return pages.close(client, pageId, Page.Status.EXHAUSTED, null, null);
                        }
                        return references.directory(client).chain(directory -> pageStep(client, directory, page,
                                policy.get(), step, null, message.escalated(step)));
                    });
        });
    }

    private Uni<Void> pageStep(SqlClient client, Directory directory, Page page, EscalationPolicy policy, int index,
                               Long version, IncidentMessage message) {
        EscalationPolicy.Step step = policy.step(index).orElseThrow();
        return people(client, step.definition().targets()).chain(people -> {
            List<Destination> to = new ArrayList<>();
            people.forEach(person -> directory.person(person, 0).ifPresentOrElse(to::add,
                    () -> LOG.warnf("Page %s: %s has no usable contact point", page.id(), person)));
            Instant next = clock.instant().plus(Duration.ofMinutes(step.definition().ackTimeoutMinutes()));
            String cause = "page:" + page.id() + ":" + index;
            return planner.enqueue(client, directory, new DeliveryPlanner.Notice(page.incidentId(), version,
                            page.simulation(), cause, message, to, page.id()))
                    .chain(() -> pages.escalated(client, page.id(), index, String.join(",", people)))
                    .chain(() -> timers.arm(client, TIMER_PREFIX + page.id(), TimerRepository.Kind.ESCALATION,
                            page.incidentId(), next, Map.of("pageId", page.id(), "step", index + 1,
                                    "message", message)));
        });
    }

    /** The people a level reaches now: each schedule's on-call person, and each named person. */
    private Uni<List<String>> people(SqlClient client, List<EscalationPolicy.Target> targets) {
        Instant now = clock.instant();
        return Multi.createFrom().iterable(targets).onItem().transformToUniAndConcatenate(target -> {
            if (target.kind() == EscalationPolicy.TargetKind.PERSON) {
                return Uni.createFrom().item(Optional.of(target.id()));
            }
            return references.schedule(client, target.id())
                    .map(schedule -> schedule.map(Schedule::rotation).flatMap(r -> r.onCallAt(now)));
        }).collect().asList().map(found -> {
            Set<String> people = new LinkedHashSet<>();
            found.forEach(person -> person.ifPresent(people::add));
            return List.copyOf(people);
        });
    }

    /**
     * Acknowledges a page: escalation stops and {@code page.acknowledged} is published. Acknowledging again
     * answers the page as it is; a page cancelled with its incident cannot be acknowledged.
     */
    public Uni<Page> acknowledge(String pageId, String by) {
        return pool.withTransaction(client -> acknowledge(client, pageId, by));
    }

    private Uni<Page> acknowledge(SqlClient client, String pageId, String by) {
        // the escalation timer first, then the page: the order the timer worker locks them in (no deadlock)
        return timers.disarm(client, TIMER_PREFIX + pageId).chain(() -> pages.lock(client, pageId)).chain(found -> {
            Page page = found.orElseThrow(() -> new ResourceNotFoundException("Page", pageId));
            if (page.status() == Page.Status.ACKNOWLEDGED) {
                return Uni.createFrom().item(page);
            }
            if (page.status() == Page.Status.CANCELLED) {
                throw new ConflictException("Page " + pageId
                        + " was cancelled: its incident was dismissed or resolved");
            }
            Instant now = clock.instant();
            Page acknowledged = new Page(page.id(), page.incidentId(), page.policyId(), page.step(),
                    Page.Status.ACKNOWLEDGED, page.pagedPerson(), page.simulation(), page.pagedAt(), now, by);
            return pages.close(client, pageId, Page.Status.ACKNOWLEDGED, now, by)
                    .chain(() -> outbox.add(client, "page.acknowledged:" + pageId, page.incidentId(), now,
                            new PageAcknowledged(pageId, page.incidentId(), by, page.step() + 1, page.pagedAt(), now,
                                    page.simulation())))
                    .replaceWith(acknowledged);
        });
    }

    /** Stops every open page of an incident (dismissed, resolved or closed before anyone answered). */
    public Uni<Void> cancelAll(SqlClient client, String incidentId) {
        return pages.byIncident(client, incidentId).chain(all -> Multi.createFrom().iterable(all)
                .filter(p -> p.status() == Page.Status.OPEN)
                .onItem().transformToUniAndConcatenate(p -> timers.disarm(client, TIMER_PREFIX + p.id())
                        .chain(() -> pages.close(client, p.id(), Page.Status.CANCELLED, null, null)))
                .collect().last().replaceWithVoid());
    }

    public Uni<List<Page>> byIncident(String incidentId) {
        return pages.byIncident(pool, incidentId);
    }
}
