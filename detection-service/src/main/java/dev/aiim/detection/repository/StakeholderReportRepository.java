package dev.aiim.detection.repository;

import dev.aiim.detection.domain.ReportConcern;
import dev.aiim.detection.domain.StakeholderReport;
import dev.aiim.platform.persistence.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code stakeholder_report} table, which is also the reports' outbox; joins the caller's transaction. */
@ApplicationScoped
public class StakeholderReportRepository {

    private static final String COLUMNS = "receipt_id, system_id, concern, description, noticed_at, affected, contact,"
            + " channel, submitted_by, submitted_at, detection_id, published_at";

    public Uni<Void> insert(StakeholderReport r) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into stakeholder_report ("
                        + COLUMNS + ") values (:id, :system, :concern, :description, :noticed, :affected, :contact,"
                        + " :channel, :by, :at, :detection, null)")
                .setParameter("id", r.receiptId())
                .setParameter("system", r.systemId())
                .setParameter("concern", r.concern().name())
                .setParameter("description", r.description())
                .setParameter("noticed", r.noticedAt() == null ? null : r.noticedAt().atOffset(ZoneOffset.UTC))
                .setParameter("affected", r.affected())
                .setParameter("contact", r.contact())
                .setParameter("channel", r.channel().name())
                .setParameter("by", r.submittedBy())
                .setParameter("at", r.submittedAt().atOffset(ZoneOffset.UTC))
                .setParameter("detection", r.detectionId())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Optional<StakeholderReport>> find(String receiptId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select " + COLUMNS
                        + ", l.incident_id, l.incident_status from stakeholder_report r left join incident_link l"
                        + " using (detection_id) where receipt_id = :id", Object[].class)
                .setParameter("id", receiptId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(StakeholderReportRepository::report)));
    }

    /**
     * The oldest reports not yet published, locked so that two instances never publish one twice at once.
     * On the outbox's own connection (the reactive SQL client), whose transaction also records the detections.
     */
    public Uni<List<StakeholderReport>> unpublished(SqlClient connection, int limit) {
        return connection.preparedQuery("select " + COLUMNS + " from stakeholder_report where published_at is null"
                        + " order by submitted_at limit $1 for update skip locked")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<StakeholderReport> reports = new ArrayList<>();
                    for (Row row : rows) {
                        reports.add(report(SqlValues.columns(row.getDelegate())));
                    }
                    return reports;
                });
    }

    public Uni<Void> markPublished(SqlClient connection, List<String> receiptIds, Instant at) {
        return connection.preparedQuery("update stakeholder_report set published_at = $2 where receipt_id = any($1)")
                .execute(Tuple.of(receiptIds.toArray(String[]::new), at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static StakeholderReport report(Object[] r) {
        return new StakeholderReport((String) r[0], (String) r[1], ReportConcern.valueOf((String) r[2]), (String) r[3],
                SqlValues.instant(r[4]), (String) r[5], (String) r[6], StakeholderReport.Channel.valueOf((String) r[7]),
                (String) r[8], SqlValues.instant(r[9]), (String) r[10], SqlValues.instant(r[11]),
                r.length > 12 ? (String) r[12] : null, r.length > 13 ? (String) r[13] : null);
    }

}
