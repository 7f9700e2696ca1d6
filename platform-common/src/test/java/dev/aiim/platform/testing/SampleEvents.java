package dev.aiim.platform.testing;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentTriaged;

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
        return incidentOpened(incidentId, null);
    }

    /** The incident a detection opened (version 1, DETECTED). */
    public static IncidentOpened incidentOpened(String incidentId, String detectionId) {
        Instant now = Instant.now();
        return new IncidentOpened(header(incidentId, 1, IncidentStatus.DETECTED, null), "Credit model denies one"
                + " demographic group", null, DetectionSource.MONITOR, Severity.SEV1, now.minusSeconds(600), now,
                "credit-scoring:BIAS_FAIRNESS", detectionId, null);
    }

    /** Triage of that incident (version 2, TRIAGED at SEV1). */
    public static IncidentTriaged incidentTriaged(String incidentId) {
        return new IncidentTriaged(header(incidentId, 2, IncidentStatus.TRIAGED, Severity.SEV1), Severity.SEV1,
                "Regulated lending decisions, one protected group affected", Instant.now());
    }

    private static IncidentEventHeader header(String incidentId, long version, IncidentStatus status, Severity severity) {
        return new IncidentEventHeader(incidentId, version, incidentId + "-" + version, Instant.now(),
                new Actor("incident-service", null, List.of()), version == 1 ? null : "a".repeat(64),
                String.valueOf(version).repeat(64).substring(0, 64), status, severity, IncidentCategory.BIAS_FAIRNESS,
                "credit-scoring", false);
    }
}
