package dev.aiim.reporting.rest;

import dev.aiim.contracts.Severity;
import dev.aiim.reporting.domain.DrillScores;
import dev.aiim.reporting.domain.IncidentMetrics;
import dev.aiim.reporting.service.Dashboard;
import dev.aiim.reporting.service.ReadModelRebuild;
import dev.aiim.reporting.service.RegulatorReports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What reporting's API answers, as records of its own: drill scores, the dashboard's figures, an export's
 * verification and the read models' state. The metrics summary inside is the report document the domain
 * computes ({@link IncidentMetrics.Summary}), shown whole.
 */
final class ReportingViews {

    private ReportingViews() {
    }

    /** A drill's detection, triage and containment times against their targets. */
    record DrillScoreView(String incidentId, String title, String systemId, Severity severity, String status,
                          Instant occurredAt, Instant detectedAt, Instant triagedAt, Instant containedAt,
                          Double timeToDetectMinutes, Double timeToTriageMinutes, Double timeToContainMinutes,
                          List<TargetResultView> targets, int met, int judged) {

        static DrillScoreView of(DrillScores.DrillScore d) {
            return new DrillScoreView(d.incidentId(), d.title(), d.systemId(), d.severity(), d.status(), d.occurredAt(),
                    d.detectedAt(), d.triagedAt(), d.containedAt(), d.timeToDetectMinutes(), d.timeToTriageMinutes(),
                    d.timeToContainMinutes(), d.targets().stream().map(t -> new TargetResultView(t.key(),
                    t.description(), t.targetMinutes(), t.actualMinutes(), t.met())).toList(), d.met(), d.judged());
        }
    }

    record TargetResultView(String key, String description, long targetMinutes, Double actualMinutes, Boolean met) {
    }

    /** The leadership dashboard's figures. */
    record BoardView(MetricsSummaryView metrics, List<OpenIncidentView> open, Map<String, Long> openBySeverity,
                     Instant at) {

        static BoardView of(Dashboard.Board b) {
            return new BoardView(new MetricsSummaryView(b.metrics().summary(), b.metrics().staleIncidents(),
                    b.metrics().computedAt()), b.open().stream().map(o -> new OpenIncidentView(o.incidentId(),
                    o.title(), o.severity(), o.phase(), o.systemId(), o.detectedAt(), o.minutesOpen(), o.overdue()))
                    .toList(), b.openBySeverity(), b.at());
        }
    }

    record MetricsSummaryView(IncidentMetrics.Summary summary, List<String> staleIncidents, Instant computedAt) {
    }

    /** An open incident on the dashboard, with the updates or deadlines it is late on. */
    record OpenIncidentView(String incidentId, String title, String severity, String phase, String systemId,
                            Instant detectedAt, long minutesOpen, List<String> overdue) {
    }

    /** Whether an export is unaltered and matches the recorded event chain, and if not, why. */
    record VerificationView(boolean valid, String reason) {

        static VerificationView of(RegulatorReports.Verification v) {
            return new VerificationView(v.valid(), v.reason());
        }
    }

    /** A rebuild of the read models: when, by whom, how many messages applied or skipped, and any error. */
    record RebuildView(Instant startedAt, Instant finishedAt, String requestedBy, long applied, long skipped,
                       long refolded, String error) {

        static RebuildView of(ReadModelRebuild.Status s) {
            return s == null ? null : new RebuildView(s.startedAt(), s.finishedAt(), s.requestedBy(), s.applied(),
                    s.skipped(), s.refolded(), s.error());
        }
    }
}
