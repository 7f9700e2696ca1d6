package dev.aiim.incident.repository;

import dev.aiim.contracts.incident.RootCauseCategory;
import dev.aiim.incident.domain.Nis2Thresholds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * The incidents NIS2's recurrence rule (Implementing Regulation (EU) 2024/2690 Art. 4) counts together, from the
 * incident views: real (not drill) incidents detected since a time, with the same root cause category, not
 * significant on their own, whose NIS2 assessment recorded a direct financial loss.
 */
@ApplicationScoped
public class RecurringIncidentRepository {

    public Uni<List<Nis2Thresholds.Recurring>> sameRootCause(SqlClient client, String incidentId,
                                                              RootCauseCategory category, Instant since) {
        return client.preparedQuery("select incident_id, (state->'regulatory'->'nis2'->>'financialLossEur')::bigint"
                        + " from incident_view where incident_id <> $1 and not simulation and detected_at >= $2"
                        + " and state->'rootCause'->>'category' = $3"
                        + " and state->'regulatory'->'nis2'->>'financialLossEur' is not null"
                        // significant on its own (by Art. 3, so with no collective loss) is not a recurrence
                        + " and (coalesce((state->'regulatory'->'nis2'->>'significant')::boolean, false) = false"
                        + " or state->'regulatory'->'nis2'->>'collectiveLossEur' is not null)"
                        + " order by detected_at, incident_id")
                .execute(Tuple.of(incidentId, utc(since), category.name()))
                .map(rows -> {
                    List<Nis2Thresholds.Recurring> found = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        found.add(new Nis2Thresholds.Recurring(row.getString(0), row.getLong(1)));
                    }
                    return found;
                });
    }
}
