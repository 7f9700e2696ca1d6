package dev.aiim.reporting.rest;

import dev.aiim.reporting.domain.IncidentMetrics;
import dev.aiim.reporting.domain.IncidentMetrics.Durations;
import dev.aiim.reporting.domain.IncidentMetrics.Stats;

/** The metrics summary as CSV rows {@code section,key,severity,period,stat,value}, for spreadsheets. */
final class MetricsCsv {

    static final String HEADER = "section,key,severity,period,stat,value";

    private MetricsCsv() {
    }

    static String write(IncidentMetrics.Summary s) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        row(csv, "count", "incidents", "ALL", "", "value", s.incidentCount());
        row(csv, "count", "open", "ALL", "", "value", s.openIncidents());
        row(csv, "count", "dismissed", "ALL", "", "value", s.dismissed());
        durations(csv, "ALL", "", s.mttdMinutes(), s.timeToTriageMinutes(), s.mttcMinutes(), s.mttrMinutes());
        s.bySeverity().forEach((severity, d) -> durations(csv, severity.name(), "", d.mttdMinutes(),
                d.timeToTriageMinutes(), d.mttcMinutes(), d.mttrMinutes()));
        s.targets().forEach((key, t) -> {
            row(csv, "target", key, "", "", "share", t.share());
            row(csv, "target", key, "", "", "met", t.met());
            row(csv, "target", key, "", "", "measured", t.measured());
        });
        row(csv, "review", "completion", "SEV1-SEV3", "", "share", s.reviewCompletion());
        row(csv, "action-items", "closed-in-time", "ALL", "", "share", s.actionItemClosureRate());
        row(csv, "action-items", "overdue", "ALL", "", "value", s.overdueActionItems().size());
        row(csv, "status-updates", "on-time", "ALL", "", "share", s.statusUpdates().onTimeRate());
        s.sourceMix().forEach((source, n) -> row(csv, "source", source.name(), "ALL", "", "value", n));
        for (IncidentMetrics.PeriodFigures p : s.monthly()) {
            trend(csv, "month", p);
        }
        for (IncidentMetrics.PeriodFigures p : s.quarterly()) {
            trend(csv, "quarter", p);
        }
        s.incidentRate().forEach(r -> row(csv, "system-rate", r.systemId(), "ALL", r.quarter(), "incidents",
                r.incidents()));
        return csv.toString();
    }

    private static void trend(StringBuilder csv, String section, IncidentMetrics.PeriodFigures p) {
        row(csv, "trend-" + section, "incidents", "ALL", p.period(), "value", p.incidentCount());
        Durations d = p.durations();
        durations(csv, "ALL", p.period(), d.mttdMinutes(), d.timeToTriageMinutes(), d.mttcMinutes(), d.mttrMinutes());
    }

    private static void durations(StringBuilder csv, String severity, String period, Stats mttd, Stats triage,
                                  Stats mttc, Stats mttr) {
        stats(csv, "mttd-minutes", severity, period, mttd);
        stats(csv, "time-to-triage-minutes", severity, period, triage);
        stats(csv, "mttc-minutes", severity, period, mttc);
        stats(csv, "mttr-minutes", severity, period, mttr);
    }

    private static void stats(StringBuilder csv, String key, String severity, String period, Stats s) {
        row(csv, "duration", key, severity, period, "mean", s.mean());
        row(csv, "duration", key, severity, period, "median", s.median());
        row(csv, "duration", key, severity, period, "p90", s.p90());
        row(csv, "duration", key, severity, period, "count", s.count());
    }

    private static void row(StringBuilder csv, String section, String key, String severity, String period, String stat,
                            Object value) {
        csv.append(cell(section)).append(',').append(cell(key)).append(',').append(cell(severity)).append(',')
                .append(cell(period)).append(',').append(stat).append(',').append(value == null ? "" : value)
                .append('\n');
    }

    /** Quotes a cell that needs it; a leading =, +, - or @ is defused (spreadsheet formula injection). */
    private static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.matches(".*[,\"\\n\\r].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
