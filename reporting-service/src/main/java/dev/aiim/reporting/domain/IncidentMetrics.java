package dev.aiim.reporting.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The playbook's incident metrics over a set of incidents: MTTD (occurred to detected), time to triage,
 * MTTC (detected to contained), MTTR (detected to resolved) as mean, median and p90 in minutes, by
 * severity and per month and quarter; the share meeting each playbook target; incidents per system and
 * quarter; where incidents were detected; status updates on time; review completion and action items.
 * Simulation incidents never count; dismissed ones (false alarms) are counted apart and left out of the
 * durations.
 */
public final class IncidentMetrics {

    /** The playbook's targets, in minutes: key, what, severity (null for all) and the limit (strictly less). */
    public record Target(String key, String description, Severity severity, long minutes,
                         Function<IncidentRecord, Duration> measure) {
    }

    public static final List<Target> TARGETS = List.of(
            new Target("mttdSev1", "SEV1 detected within 30 minutes", Severity.SEV1, 30, IncidentRecord::timeToDetect),
            new Target("mttdSev2", "SEV2 detected within 4 hours", Severity.SEV2, 240, IncidentRecord::timeToDetect),
            new Target("mttcSev1", "SEV1 contained within 1 hour", Severity.SEV1, 60, IncidentRecord::timeToContain),
            new Target("mttcSev2", "SEV2 contained within 4 hours", Severity.SEV2, 240, IncidentRecord::timeToContain),
            new Target("timeToTriage", "triaged within 30 minutes", null, 30, IncidentRecord::timeToTriage));

    /** Which incidents count: detected in [from, to), and the optional severity, systems and category. */
    public record Filter(Instant from, Instant to, Severity severity, Set<String> systemIds, IncidentCategory category) {

        public boolean accepts(IncidentRecord r) {
            return (from == null || !r.detectedAt().isBefore(from)) && (to == null || r.detectedAt().isBefore(to))
                    && (severity == null || severity == r.severity())
                    && (systemIds == null || r.systemId() != null && systemIds.contains(r.systemId()))
                    && (category == null || category == r.category());
        }
    }

    /** Mean, median and p90 (nearest rank) in minutes, over {@code count} incidents that had the duration. */
    public record Stats(Double mean, Double median, Double p90, int count) {
    }

    public record TargetShare(String description, long targetMinutes, int met, int measured, Double share) {
    }

    public record Durations(Stats mttdMinutes, Stats timeToTriageMinutes, Stats mttcMinutes, Stats mttrMinutes) {
    }

    public record PeriodFigures(String period, int incidentCount, Durations durations) {
    }

    public record SystemQuarter(String systemId, String quarter, int incidents) {
    }

    /** Status updates: posted, missed (overdue reminders), and the share of update slots filled on time. */
    public record StatusUpdates(int posted, int missed, Double onTimeRate) {
    }

    public record OverdueActionItem(String incidentId, String itemId, String title, String owner, LocalDate dueDate) {
    }

    public record Summary(Stats mttdMinutes, Stats timeToTriageMinutes, Stats mttcMinutes, Stats mttrMinutes,
                          int incidentCount, Map<String, TargetShare> targets, Double reviewCompletion,
                          Double actionItemClosureRate, Map<Severity, Durations> bySeverity,
                          Map<Severity, Integer> countBySeverity, List<PeriodFigures> monthly,
                          List<PeriodFigures> quarterly, List<SystemQuarter> incidentRate,
                          Map<DetectionSource, Integer> sourceMix, StatusUpdates statusUpdates,
                          List<OverdueActionItem> overdueActionItems, int openIncidents, int dismissed,
                          int missingOccurredAt) {
    }

    private IncidentMetrics() {
    }

    /**
     * @param missedUpdates per incident, the update slots missed (from {@code update.overdue})
     * @param today         for overdue action items
     */
    public static Summary summarize(Collection<IncidentRecord> all, Filter filter, Map<String, Integer> missedUpdates,
                                    LocalDate today) {
        List<IncidentRecord> chosen = all.stream().filter(r -> !r.simulation() && filter.accepts(r)).toList();
        List<IncidentRecord> real = chosen.stream().filter(r -> !r.dismissed()).toList();

        Map<String, TargetShare> targets = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            List<Duration> measured = real.stream().filter(r -> t.severity() == null || r.severity() == t.severity())
                    .map(t.measure()).filter(d -> d != null).toList();
            int met = (int) measured.stream().filter(d -> d.compareTo(Duration.ofMinutes(t.minutes())) < 0).count();
            targets.put(t.key(), new TargetShare(t.description(), t.minutes(), met, measured.size(),
                    measured.isEmpty() ? null : (double) met / measured.size()));
        }

        List<IncidentRecord> reviewable = real.stream().filter(r -> r.severity() != null
                && r.severity() != Severity.SEV4
                && (r.status() == IncidentStatus.RESOLVED || r.status() == IncidentStatus.CLOSED)).toList();
        Double reviewCompletion = reviewable.isEmpty() ? null
                : (double) reviewable.stream().filter(r -> r.reviewPublishedAt() != null).count() / reviewable.size();

        List<IncidentRecord.ActionItem> due = real.stream().flatMap(r -> r.actionItems().stream())
                .filter(i -> i.completedAt() != null || today.isAfter(i.dueDate())).toList();
        Double closure = due.isEmpty() ? null
                : (double) due.stream().filter(IncidentRecord.ActionItem::completedInTime).count() / due.size();
        List<OverdueActionItem> overdue = real.stream().flatMap(r -> r.actionItems().stream()
                        .filter(i -> i.overdue(today))
                        .map(i -> new OverdueActionItem(r.incidentId(), i.itemId(), i.title(), i.owner(), i.dueDate())))
                .sorted(Comparator.comparing(OverdueActionItem::dueDate)).toList();

        Map<Severity, Durations> bySeverity = new EnumMap<>(Severity.class);
        Map<Severity, Integer> countBySeverity = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            List<IncidentRecord> of = real.stream().filter(r -> r.severity() == severity).toList();
            if (!of.isEmpty()) {
                bySeverity.put(severity, durations(of));
                countBySeverity.put(severity, of.size());
            }
        }

        Map<DetectionSource, Integer> sources = new EnumMap<>(DetectionSource.class);
        real.forEach(r -> sources.merge(r.source() == null ? DetectionSource.MANUAL : r.source(), 1, Integer::sum));

        int posted = real.stream().mapToInt(IncidentRecord::statusUpdates).sum();
        int missed = real.stream().mapToInt(r -> missedUpdates.getOrDefault(r.incidentId(), 0)).sum();
        StatusUpdates updates = new StatusUpdates(posted, missed,
                posted + missed == 0 ? null : (double) posted / (posted + missed));

        Map<String, Map<String, Integer>> perSystem = new TreeMap<>();
        real.forEach(r -> perSystem.computeIfAbsent(r.systemId() == null ? "(none)" : r.systemId(), k -> new TreeMap<>())
                .merge(quarter(r.detectedAt()), 1, Integer::sum));
        List<SystemQuarter> rate = new ArrayList<>();
        perSystem.forEach((system, quarters) -> quarters.forEach((q, n) -> rate.add(new SystemQuarter(system, q, n))));

        Durations overall = durations(real);
        return new Summary(overall.mttdMinutes(), overall.timeToTriageMinutes(), overall.mttcMinutes(),
                overall.mttrMinutes(), real.size(), targets, reviewCompletion, closure, bySeverity, countBySeverity,
                periods(real, r -> YearMonth.from(r.detectedAt().atZone(ZoneOffset.UTC)).toString()),
                periods(real, r -> quarter(r.detectedAt())), rate, sources, updates, overdue,
                (int) real.stream().filter(IncidentRecord::open).count(), chosen.size() - real.size(),
                (int) real.stream().filter(r -> r.occurredAt() == null).count());
    }

    static String quarter(Instant at) {
        var date = at.atZone(ZoneOffset.UTC);
        return date.getYear() + "-Q" + ((date.getMonthValue() - 1) / 3 + 1);
    }

    private static List<PeriodFigures> periods(List<IncidentRecord> records, Function<IncidentRecord, String> period) {
        Map<String, List<IncidentRecord>> grouped = records.stream()
                .collect(Collectors.groupingBy(period, TreeMap::new, Collectors.toList()));
        return grouped.entrySet().stream()
                .map(e -> new PeriodFigures(e.getKey(), e.getValue().size(), durations(e.getValue()))).toList();
    }

    static Durations durations(List<IncidentRecord> records) {
        return new Durations(stats(records, IncidentRecord::timeToDetect), stats(records, IncidentRecord::timeToTriage),
                stats(records, IncidentRecord::timeToContain), stats(records, IncidentRecord::timeToResolve));
    }

    static Stats stats(List<IncidentRecord> records, Function<IncidentRecord, Duration> measure) {
        double[] minutes = records.stream().map(measure).filter(d -> d != null)
                .mapToDouble(d -> d.toMillis() / 60_000.0).sorted().toArray();
        int n = minutes.length;
        if (n == 0) {
            return new Stats(null, null, null, 0);
        }
        double mean = java.util.Arrays.stream(minutes).sum() / n;
        double median = n % 2 == 1 ? minutes[n / 2] : (minutes[n / 2 - 1] + minutes[n / 2]) / 2;
        double p90 = minutes[(int) Math.ceil(0.9 * n) - 1];
        return new Stats(round(mean), round(median), round(p90), n);
    }

    private static double round(double minutes) {
        return Math.round(minutes * 10) / 10.0;
    }
}
