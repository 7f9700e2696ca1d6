package dev.aiim.reporting.repository;

import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/** The {@code incident_notification_count} table, through the client it is given. */
@ApplicationScoped
public class NotificationCountRepository {

    /** What a notification outcome counts as; the column names are constants, never input. */
    public enum Counter {
        SENT("sent"), FAILED("failed"), PAGE_ACKNOWLEDGED("pages_acknowledged"), MISSED_UPDATE("missed_updates");

        final String column;

        Counter(String column) {
            this.column = column;
        }
    }

    /** Missed status updates of one incident. */
    private record Missed(String incidentId, int updates) {
    }

    public Uni<Void> add(SqlClient client, String incidentId, Counter counter) {
        return client.preparedQuery("insert into incident_notification_count (incident_id, " + counter.column
                        + ") values ($1, 1) on conflict (incident_id) do update set " + counter.column + " = "
                        + "incident_notification_count." + counter.column + " + 1")
                .execute(Tuple.of(incidentId))
                .replaceWithVoid();
    }

    /** Missed status updates per incident. */
    public Uni<Map<String, Integer>> missedUpdates(SqlClient client) {
        return client.query("select incident_id, missed_updates from incident_notification_count"
                        + " where missed_updates > 0").execute()
                .map(rows -> {
                    Map<String, Integer> missed = new HashMap<>();
                    SqlRows.list(rows, row -> new Missed(row.getString("incident_id"), row.getInteger("missed_updates")))
                            .forEach(m -> missed.put(m.incidentId(), m.updates()));
                    return missed;
                });
    }
}
