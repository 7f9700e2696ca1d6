package dev.aiim.notification.repository;

import dev.aiim.notification.domain.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.first;
import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.list;
import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code page} table, through the client (a transaction of the caller) it is given. */
@ApplicationScoped
public class PageRepository {

    private static final String COLUMNS = "id, incident_id, policy_id, step, status, paged_person, simulation,"
            + " paged_at, acknowledged_at, acknowledged_by";

    /** Adds a page; false when a page with its id exists (the same cause paged already). */
    public Uni<Boolean> add(SqlClient client, Page page) {
        return client.preparedQuery("insert into page (id, incident_id, policy_id, step, status, paged_person,"
                        + " simulation, paged_at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (id) do nothing")
                .execute(Tuple.from(Arrays.asList(page.id(), page.incidentId(), page.policyId(), page.step(),
                        page.status().name(), page.pagedPerson(), page.simulation(), utc(page.pagedAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The page, locked for the rest of the transaction (acknowledgement and escalation do not cross). */
    public Uni<Optional<Page>> lock(SqlClient client, String id) {
        return client.preparedQuery("select " + COLUMNS + " from page where id = $1 for update")
                .execute(Tuple.of(id))
                .map(rows -> first(rows, PageRepository::page));
    }

    public Uni<List<Page>> byIncident(SqlClient client, String incidentId) {
        return client.preparedQuery("select " + COLUMNS + " from page where incident_id = $1 order by paged_at, id")
                .execute(Tuple.of(incidentId))
                .map(rows -> list(rows, PageRepository::page));
    }

    public Uni<Void> escalated(SqlClient client, String id, int step, String person) {
        return client.preparedQuery("update page set step = $1, paged_person = $2 where id = $3")
                .execute(Tuple.of(step, person, id))
                .replaceWithVoid();
    }

    public Uni<Void> close(SqlClient client, String id, Page.Status status, Instant at, String by) {
        return client.preparedQuery("update page set status = $1, acknowledged_at = $2, acknowledged_by = $3"
                        + " where id = $4")
                .execute(Tuple.from(Arrays.asList(status.name(), utc(at), by, id)))
                .replaceWithVoid();
    }

    private static Page page(Row row) {
        return new Page(row.getString("id"), row.getString("incident_id"), row.getString("policy_id"),
                row.getInteger("step"), Page.Status.valueOf(row.getString("status")), row.getString("paged_person"),
                row.getBoolean("simulation"), instant(row, "paged_at"), instant(row, "acknowledged_at"),
                row.getString("acknowledged_by"));
    }
}
