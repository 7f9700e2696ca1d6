package dev.aiim.reporting.domain;

import dev.aiim.contracts.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A game day's score: the drill incident's detection, triage and containment times against the playbook's
 * targets for its severity. Drills are scored here and never in the production metrics.
 */
public final class DrillScores {

    /** One target: what was measured, the limit, and whether it was met (null while it can still be met). */
    public record TargetResult(String key, String description, long targetMinutes, Double actualMinutes, Boolean met) {
    }

    public record DrillScore(String incidentId, String title, String systemId, Severity severity, String status,
                             Instant occurredAt, Instant detectedAt, Instant triagedAt, Instant containedAt,
                             Double timeToDetectMinutes, Double timeToTriageMinutes, Double timeToContainMinutes,
                             List<TargetResult> targets, int met, int judged) {
    }

    private DrillScores() {
    }

    /**
     * Scores {@code drill} at {@code now}: a target whose measure is not there yet is missed once its limit has
     * passed since detection, and open (null) before.
     */
    public static DrillScore score(IncidentRecord drill, Instant now) {
        List<TargetResult> targets = new ArrayList<>();
        for (IncidentMetrics.Target target : IncidentMetrics.TARGETS) {
            if (target.severity() != null && target.severity() != drill.severity()) {
                continue;
            }
            Duration actual = target.measure().apply(drill);
            Boolean met;
            if (actual != null) {
                met = actual.toSeconds() < target.minutes() * 60;
            } else if (drill.detectedAt() != null
                    && Duration.between(drill.detectedAt(), now).toSeconds() >= target.minutes() * 60) {
                met = false;
            } else {
                met = null;
            }
            targets.add(new TargetResult(target.key(), target.description(), target.minutes(), minutes(actual), met));
        }
        int met = (int) targets.stream().filter(t -> Boolean.TRUE.equals(t.met())).count();
        int judged = (int) targets.stream().filter(t -> t.met() != null).count();
        return new DrillScore(drill.incidentId(), drill.title(), drill.systemId(), drill.severity(), drill.status().name(),
                drill.occurredAt(), drill.detectedAt(), drill.triagedAt(), drill.containedAt(),
                minutes(drill.timeToDetect()), minutes(drill.timeToTriage()), minutes(drill.timeToContain()), targets,
                met, judged);
    }

    private static Double minutes(Duration d) {
        return d == null ? null : Math.round(d.toMillis() / 600.0) / 100.0;
    }
}
