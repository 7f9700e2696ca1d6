package dev.aiim.platform.testing;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.contracts.incident.IncidentOpened;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Realistic messages for tests, built from the contract records (never hand-written JSON). */
public final class SampleEvents {

    private SampleEvents() {
    }

    /** The playbook's Tuesday: the credit model's approval rate collapses for one group. */
    public static DetectionRaised fairnessDetection(String detectionId) {
        Instant now = Instant.now();
        return new DetectionRaised(detectionId, "credit-scoring:BIAS_FAIRNESS", null, "credit-scoring",
                IncidentCategory.BIAS_FAIRNESS, "Approval rate for age_band=18-25 fell to 0.41 of the reference group",
                Severity.SEV1, DetectionSource.MONITOR, null, now.minusSeconds(600), now,
                Map.of("monitor", "fairness"), Map.of("disparateImpact", 0.41, "group", "age_band=18-25"), false);
    }

    public static IncidentOpened incidentOpened(String incidentId) {
        Instant now = Instant.now();
        IncidentEventHeader header = new IncidentEventHeader(incidentId, 1, incidentId + "-1", now,
                new Actor("incident-service", null, List.of()), null, "a".repeat(64), IncidentStatus.DETECTED,
                null, IncidentCategory.BIAS_FAIRNESS, "credit-scoring", false);
        return new IncidentOpened(header, "Credit model denies one demographic group", null, DetectionSource.MONITOR,
                Severity.SEV1, now.minusSeconds(600), now, "credit-scoring:BIAS_FAIRNESS", null);
    }
}
