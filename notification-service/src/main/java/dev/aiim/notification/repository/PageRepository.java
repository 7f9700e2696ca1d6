package dev.aiim.notification.repository;

import dev.aiim.notification.domain.Page;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code page} table; joins the caller's transaction. */
@ApplicationScoped
public class PageRepository {

    private static final String COLUMNS = "id, incident_id, policy_id, step, status, paged_person, simulation, paged_at,"
            + " acknowledged_at, acknowledged_by";

    /** Adds a page; false when a page with its id exists (the same cause paged already). */
    public Uni<Boolean> add(Page page) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into page (id, incident_id, policy_id, step, status, paged_person, simulation, paged_at)"
                                + " values (:id, :incident, :policy, :step, :status, :person, :simulation, :at)"
                                + " on conflict (id) do nothing")
                .setParameter("id", page.id())
                .setParameter("incident", page.incidentId())
                .setParameter("policy", page.policyId())
                .setParameter("step", page.step())
                .setParameter("status", page.status().name())
                .setParameter("person", page.pagedPerson())
                .setParameter("simulation", page.simulation())
                .setParameter("at", page.pagedAt().atOffset(ZoneOffset.UTC))
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** The page, locked for the rest of the transaction (acknowledgement and escalation do not cross). */
    public Uni<Optional<Page>> lock(String id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select " + COLUMNS + " from page where id = :id for update", Object[].class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(PageRepository::page)));
    }

    public Uni<List<Page>> byIncident(String incidentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select " + COLUMNS + " from page where incident_id = :incident order by paged_at, id",
                        Object[].class)
                .setParameter("incident", incidentId)
                .getResultList()
                .map(rows -> rows.stream().map(PageRepository::page).toList()));
    }

    public Uni<Void> escalated(String id, int step, String person) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update page set step = :step, paged_person = :person where id = :id")
                .setParameter("id", id)
                .setParameter("step", step)
                .setParameter("person", person)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> close(String id, Page.Status status, Instant at, String by) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update page set status = :status, acknowledged_at = :at, acknowledged_by = :by where id = :id")
                .setParameter("id", id)
                .setParameter("status", status.name())
                .setParameter("at", at == null ? null : at.atOffset(ZoneOffset.UTC))
                .setParameter("by", by)
                .executeUpdate()).replaceWithVoid();
    }

    private static Page page(Object[] r) {
        return new Page((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                Page.Status.valueOf((String) r[4]), (String) r[5], (Boolean) r[6], SqlValues.instant(r[7]),
                SqlValues.instant(r[8]), (String) r[9]);
    }
}
