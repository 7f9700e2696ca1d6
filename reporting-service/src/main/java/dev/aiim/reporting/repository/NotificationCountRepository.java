package dev.aiim.reporting.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/** The {@code incident_notification_count} table; joins the caller's transaction. */
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

    public Uni<Void> add(String incidentId, Counter counter) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into incident_notification_count (incident_id, " + counter.column + ") values (:id, 1)"
                                + " on conflict (incident_id) do update set " + counter.column + " = "
                                + "incident_notification_count." + counter.column + " + 1")
                .setParameter("id", incidentId)
                .executeUpdate()).replaceWithVoid();
    }

    /** Missed status updates per incident. */
    public Uni<Map<String, Integer>> missedUpdates() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select incident_id, missed_updates from incident_notification_count where missed_updates > 0",
                        Object[].class)
                .getResultList()
                .map(rows -> {
                    Map<String, Integer> missed = new HashMap<>();
                    rows.forEach(r -> missed.put((String) r[0], ((Number) r[1]).intValue()));
                    return missed;
                }));
    }
}
