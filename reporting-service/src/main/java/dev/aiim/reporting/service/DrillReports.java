package dev.aiim.reporting.service;

import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.reporting.domain.DrillScores;
import dev.aiim.reporting.repository.IncidentRecordRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/** Game days' scores, from the simulation incidents' records (which production metrics leave out). */
@ApplicationScoped
public class DrillReports {

    private final IncidentRecordRepository records;
    private final Clock clock;
    private final Pool pool;

    public DrillReports(IncidentRecordRepository records, Clock clock, Pool pool) {
        this.records = records;
        this.clock = clock;
        this.pool = pool;
    }

    public Uni<List<DrillScores.DrillScore>> recent(int limit) {
        return records.drills(pool, limit).map(drills -> drills.stream()
                .map(drill -> DrillScores.score(drill, clock.instant())).toList());
    }

    public Uni<DrillScores.DrillScore> of(String incidentId) {
        return records.find(pool, incidentId).map(found -> found.filter(r -> r.simulation())
                .map(drill -> DrillScores.score(drill, clock.instant()))
                .orElseThrow(() -> new ResourceNotFoundException("Drill incident", incidentId)));
    }
}
