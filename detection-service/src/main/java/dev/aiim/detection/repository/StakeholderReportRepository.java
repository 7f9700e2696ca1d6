package dev.aiim.detection.repository;

import dev.aiim.detection.domain.ReportConcern;
import dev.aiim.detection.domain.StakeholderReport;
import dev.aiim.platform.operations.OperationsMetrics;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code stakeholder_report} table, which is also the reports' outbox, through the client it is given. */
@ApplicationScoped
public class StakeholderReportRepository {

    private static final String COLUMNS = "receipt_id, system_id, concern, description, noticed_at, affected, contact,"
            + " channel, submitted_by, submitted_at, detection_id, published_at";

    public Uni<Void> insert(SqlClient client, StakeholderReport r) {
        return client.preparedQuery("insert into stakeholder_report (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6,"
                        + " $7, $8, $9, $10, $11, null)")
                .execute(Tuple.from(Arrays.asList(r.receiptId(), r.systemId(), r.concern().name(), r.description(),
                        utc(r.noticedAt()), r.affected(), r.contact(), r.channel().name(), r.submittedBy(),
                        utc(r.submittedAt()), r.detectionId())))
                .replaceWithVoid();
    }

    /** A report with the incident its detection opened or joined, if any yet. */
    public Uni<Optional<StakeholderReport>> find(SqlClient client, String receiptId) {
        return client.preparedQuery("select " + COLUMNS + ", l.incident_id, l.incident_status from stakeholder_report r"
                        + " left join incident_link l using (detection_id) where receipt_id = $1")
                .execute(Tuple.of(receiptId))
                .map(rows -> SqlRows.first(rows, row -> report(row, row.getString("incident_id"),
                        row.getString("incident_status"))));
    }

    /**
     * The oldest reports not yet published, locked so that two instances never publish one twice at once.
     * On the outbox's own connection (the reactive SQL client), whose transaction also records the detections.
     */
    public Uni<List<StakeholderReport>> unpublished(SqlClient connection, int limit) {
        return connection.preparedQuery("select " + COLUMNS + " from stakeholder_report where published_at is null"
                        + " order by submitted_at limit $1 for update skip locked")
                .execute(Tuple.of(limit))
                .map(rows -> SqlRows.list(rows, row -> report(row, null, null)));
    }

    /** The reports not yet published: how many, and when the oldest was submitted. */
    public Uni<OperationsMetrics.Backlog> backlog(SqlClient client) {
        return client.query("select count(*) as pending, min(submitted_at) as oldest from stakeholder_report"
                        + " where published_at is null").execute()
                .map(OperationsMetrics.Backlog::of);
    }

    public Uni<Void> markPublished(SqlClient connection, List<String> receiptIds, Instant at) {
        return connection.preparedQuery("update stakeholder_report set published_at = $2 where receipt_id = any($1)")
                .execute(Tuple.of(receiptIds.toArray(String[]::new), utc(at)))
                .replaceWithVoid();
    }

    private static StakeholderReport report(Row r, String incidentId, String incidentStatus) {
        return new StakeholderReport(r.getString("receipt_id"), r.getString("system_id"),
                ReportConcern.valueOf(r.getString("concern")), r.getString("description"), instant(r, "noticed_at"),
                r.getString("affected"), r.getString("contact"),
                StakeholderReport.Channel.valueOf(r.getString("channel")), r.getString("submitted_by"),
                instant(r, "submitted_at"), r.getString("detection_id"), instant(r, "published_at"), incidentId,
                incidentStatus);
    }
}
