package dev.aiim.detection.repository;

import dev.aiim.contracts.Nullable;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The game days started, with the incident each drill detection opened (from {@code incident_link}). */
@ApplicationScoped
public class SimulationRepository {

    /** One drill as stored; {@code incidentId} once incident-service has opened it. */
    public record StoredSimulation(String id, String scenario, String systemId, String outcome,
                                   @Nullable String detectionId, @Nullable String monitor,
                                   @Nullable String suggestedSeverity, Instant faultStartedAt,
                                   @Nullable Instant detectedAt, int evaluations, String summary, String startedBy,
                                   Instant startedAt, @Nullable String incidentId, @Nullable String incidentStatus) {
    }

    private static final String SELECT = "select s.simulation_id, s.scenario, s.system_id, s.outcome, s.detection_id,"
            + " s.monitor, s.suggested_severity, s.fault_started_at, s.detected_at, s.evaluations, s.summary,"
            + " s.started_by, s.started_at, l.incident_id, l.incident_status from simulation s"
            + " left join incident_link l on l.detection_id = s.detection_id";

    private final Pool pool;

    public SimulationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient connection, StoredSimulation s) {
        return connection.preparedQuery("insert into simulation (simulation_id, scenario, system_id, outcome,"
                        + " detection_id, monitor, suggested_severity, fault_started_at, detected_at, evaluations, summary,"
                        + " started_by, started_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(Tuple.from(Arrays.asList(s.id(), s.scenario(), s.systemId(), s.outcome(), s.detectionId(),
                        s.monitor(), s.suggestedSeverity(), utc(s.faultStartedAt()),
                        s.detectedAt() == null ? null : utc(s.detectedAt()), s.evaluations(), s.summary(),
                        s.startedBy(), utc(s.startedAt()))))
                .replaceWithVoid();
    }

    public Uni<Optional<StoredSimulation>> find(String id) {
        return pool.preparedQuery(SELECT + " where s.simulation_id = $1").execute(Tuple.of(id))
                .map(rows -> SqlRows.first(rows, SimulationRepository::row));
    }

    /** The newest drills first, at most {@code limit}. */
    public Uni<List<StoredSimulation>> recent(int limit) {
        return pool.preparedQuery(SELECT + " order by s.started_at desc limit $1").execute(Tuple.of(limit))
                .map(rows -> SqlRows.list(rows, SimulationRepository::row));
    }

    private static StoredSimulation row(Row r) {
        return new StoredSimulation(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getOffsetDateTime(7).toInstant(),
                r.getOffsetDateTime(8) == null ? null : r.getOffsetDateTime(8).toInstant(), r.getInteger(9),
                r.getString(10), r.getString(11), r.getOffsetDateTime(12).toInstant(), r.getString(13), r.getString(14));
    }
}
