package dev.aiim.detection.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code report_admission} table: reports admitted per client (by key), through the client it is given. */
@ApplicationScoped
public class ReportAdmissionRepository {

    /** How many reports a client had admitted since {@code since}, and the oldest of them. */
    public record Admitted(long count, Instant oldest) {
    }

    /** Holds the client's turn until the transaction ends, so that two replicas never both admit the last slot. */
    public Uni<Void> lock(SqlClient client, String clientKey) {
        return client.preparedQuery("select pg_advisory_xact_lock(hashtextextended('report-admission:' || $1, 0))")
                .execute(Tuple.of(clientKey)).replaceWithVoid();
    }

    public Uni<Admitted> since(SqlClient client, String clientKey, Instant since) {
        return client.preparedQuery("select count(*) as admitted, min(admitted_at) as oldest from report_admission"
                        + " where client_key = $1 and admitted_at > $2")
                .execute(Tuple.of(clientKey, utc(since)))
                .map(rows -> admitted(rows.iterator().next()));
    }

    public Uni<Void> admit(SqlClient client, String clientKey, Instant at) {
        return client.preparedQuery("insert into report_admission (client_key, admitted_at) values ($1, $2)")
                .execute(Tuple.of(clientKey, utc(at))).replaceWithVoid();
    }

    /** Forgets admissions older than {@code before}: they no longer count against anyone. */
    public Uni<Void> forget(SqlClient client, Instant before) {
        return client.preparedQuery("delete from report_admission where admitted_at <= $1")
                .execute(Tuple.of(utc(before))).replaceWithVoid();
    }

    private static Admitted admitted(Row row) {
        return new Admitted(row.getLong("admitted"), instant(row, "oldest"));
    }
}
