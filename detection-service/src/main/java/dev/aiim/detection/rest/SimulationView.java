package dev.aiim.detection.rest;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.repository.SimulationRepository.StoredSimulation;

import java.time.Instant;

/** A game day as the API shows it: the scenario, what the monitors found and when, and the incident it opened. */
public record SimulationView(String id, String scenario, String systemId, String outcome,
                             @Nullable String detectionId, @Nullable String monitor,
                             @Nullable String suggestedSeverity, Instant faultStartedAt, @Nullable Instant detectedAt,
                             int evaluations, String summary, String startedBy, Instant startedAt,
                             @Nullable String incidentId, @Nullable String incidentStatus) {

    static SimulationView of(StoredSimulation s) {
        return new SimulationView(s.id(), s.scenario(), s.systemId(), s.outcome(), s.detectionId(), s.monitor(),
                s.suggestedSeverity(), s.faultStartedAt(), s.detectedAt(), s.evaluations(), s.summary(),
                s.startedBy(), s.startedAt(), s.incidentId(), s.incidentStatus());
    }
}
