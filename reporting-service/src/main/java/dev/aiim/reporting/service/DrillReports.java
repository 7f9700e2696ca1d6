package dev.aiim.reporting.service;

import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.reporting.domain.DrillScores;
import dev.aiim.reporting.repository.IncidentRecordRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/** Game days' scores, from the simulation incidents' records (which production metrics leave out). */
@ApplicationScoped
public class DrillReports {

    private final IncidentRecordRepository records;
    private final Clock clock;

    public DrillReports(IncidentRecordRepository records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<DrillScores.DrillScore>> recent(int limit) {
        return records.drills(limit).map(drills -> drills.stream()
                .map(drill -> DrillScores.score(drill, clock.instant())).toList());
    }

    @WithSession
    public Uni<DrillScores.DrillScore> of(String incidentId) {
        return records.find(incidentId).map(found -> found.filter(r -> r.simulation())
                .map(drill -> DrillScores.score(drill, clock.instant()))
                .orElseThrow(() -> new ResourceNotFoundException("Drill incident", incidentId)));
    }
}
