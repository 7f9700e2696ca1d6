package dev.aiim.incident.domain;

import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The playbook's response targets (docs/incidents.md): triage within 30 minutes of detection,
 * containment within 1 hour for SEV1 and 4 hours for SEV2 (SEV3 and SEV4 have none), and status
 * updates every 30 minutes for SEV1, 2 hours for SEV2 and daily for SEV3 while the incident is active.
 */
public record ResponseTargets(Duration triage, Duration containmentSev1, Duration containmentSev2,
                              Duration updateSev1, Duration updateSev2, Duration updateSev3) {

    public static final ResponseTargets PLAYBOOK = new ResponseTargets(
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(24));

    /** The phases a response can fall behind on, as shown in the incident's {@code overdue} list. */
    public enum Phase {
        TRIAGE, CONTAINMENT, STATUS_UPDATE
    }

    /** How often stakeholders hear from the response at this severity; {@code null} for SEV4. */
    @Nullable
    public Duration updateCadence(@Nullable Severity severity) {
        if (severity == null) {
            return null;
        }
        return switch (severity) {
            case SEV1 -> updateSev1;
            case SEV2 -> updateSev2;
            case SEV3 -> updateSev3;
            case SEV4 -> null;
        };
    }

    /**
     * When the next status update is due while the response is active: the cadence after the last
     * update (or after triage, before the first), or earlier if the last update promised an earlier time.
     */
    @Nullable
    public Instant nextUpdateDue(Incident incident) {
        Duration cadence = updateCadence(incident.severity());
        boolean active = incident.status() == IncidentStatus.TRIAGED || incident.status() == IncidentStatus.CONTAINED;
        if (cadence == null || !active) {
            return null;
        }
        List<Incident.StatusUpdate> updates = incident.statusUpdates();
        Incident.StatusUpdate last = updates.isEmpty() ? null : updates.get(updates.size() - 1);
        Instant base = last != null ? last.postedAt()
                : incident.triagedAt() != null ? incident.triagedAt() : incident.detectedAt();
        Instant due = base.plus(cadence);
        if (last != null && last.nextUpdateBy() != null && last.nextUpdateBy().isBefore(due)) {
            return last.nextUpdateBy();
        }
        return due;
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
        Instant updateDue = nextUpdateDue(incident);
        if (updateDue != null && now.isAfter(updateDue)) {
            overdue.add(Phase.STATUS_UPDATE);
        }
        return overdue;
    }
}
