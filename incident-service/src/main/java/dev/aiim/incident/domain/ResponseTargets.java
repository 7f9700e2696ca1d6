package dev.aiim.incident.domain;

import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The playbook's response targets (ARCHITECTURE.md section 4): triage within 30 minutes of detection,
 * containment within 1 hour for SEV1 and 4 hours for SEV2. SEV3 and SEV4 have no containment target.
 */
public record ResponseTargets(Duration triage, Duration containmentSev1, Duration containmentSev2) {

    public static final ResponseTargets PLAYBOOK = new ResponseTargets(
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4));

    /** The phases a response can fall behind on, as shown in the incident's {@code overdue} list. */
    public enum Phase {
        TRIAGE, CONTAINMENT
    }

    public Instant triageDue(Incident incident) {
        return incident.detectedAt().plus(triage);
    }

    @Nullable
    public Instant containmentDue(Incident incident) {
        if (incident.severity() == Severity.SEV1) {
            return incident.detectedAt().plus(containmentSev1);
        }
        if (incident.severity() == Severity.SEV2) {
            return incident.detectedAt().plus(containmentSev2);
        }
        return null;
    }

    /** Phases whose target has passed at {@code now} while the phase is still not done. */
    public List<Phase> overdue(Incident incident, Instant now) {
        List<Phase> overdue = new ArrayList<>();
        if (incident.status() == IncidentStatus.DETECTED && now.isAfter(triageDue(incident))) {
            overdue.add(Phase.TRIAGE);
        }
        Instant containmentDue = containmentDue(incident);
        boolean uncontained = incident.status() == IncidentStatus.DETECTED || incident.status() == IncidentStatus.TRIAGED;
        if (containmentDue != null && uncontained && now.isAfter(containmentDue)) {
            overdue.add(Phase.CONTAINMENT);
        }
        return overdue;
    }
}
