package dev.aiim.reporting.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentEvent;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics on a hand-built history, every figure worked out by hand below. */
class IncidentMetricsTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-20");

    /** A: SEV2 raised to SEV1 mid-incident; MTTD 20, triage 10, MTTC 40, MTTR 120 minutes. */
    static HistoryBuilder a() {
        return new HistoryBuilder("inc-a", "sys-a", false)
                .opened("2026-03-02T10:00:00Z", "2026-03-02T10:20:00Z", DetectionSource.MONITOR)
                .triaged("2026-03-02T10:30:00Z", Severity.SEV2)
                .classified("2026-03-02T10:35:00Z", Severity.SEV1)
                .statusUpdate("2026-03-02T10:50:00Z")
                .contained("2026-03-02T11:00:00Z")
                .statusUpdate("2026-03-02T11:20:00Z")
                .classified("2026-03-02T11:30:00Z", Severity.SEV3)
                .resolved("2026-03-02T12:20:00Z")
                .reviewPublished("2026-03-04T09:00:00Z")
                .actionItem("a-1", "ana", "2026-03-10", "2026-03-04T09:05:00Z")
                .actionItem("a-2", "ben", "2026-03-05", "2026-03-04T09:06:00Z")
                .completed("a-1", "2026-03-09T16:00:00Z");
    }

    /** B: SEV2 without an occurrence time; triage 45, MTTC 300; resolved, reopened, resolved after 1440. */
    static HistoryBuilder b() {
        return new HistoryBuilder("inc-b", "sys-a", false)
                .opened(null, "2026-03-10T09:00:00Z", DetectionSource.ALERT)
                .triaged("2026-03-10T09:45:00Z", Severity.SEV2)
                .contained("2026-03-10T14:00:00Z")
                .resolved("2026-03-10T15:00:00Z")
                .reopened("2026-03-10T18:00:00Z")
                .resolved("2026-03-11T09:00:00Z")
                .actionItem("b-1", "cem", "2026-04-30", "2026-03-11T10:00:00Z");
    }

    /** C: SEV3 reported by a stakeholder, MTTD 240, triage 10, still open. */
    static HistoryBuilder c() {
        return new HistoryBuilder("inc-c", "sys-b", false)
                .opened("2026-04-01T08:00:00Z", "2026-04-01T12:00:00Z", DetectionSource.STAKEHOLDER_REPORT)
                .triaged("2026-04-01T12:10:00Z", Severity.SEV3);
    }

    /** A game-day drill whose figures would change every number if it counted. */
    static HistoryBuilder drill() {
        return new HistoryBuilder("inc-drill", "sys-a", true)
                .opened("2026-03-03T00:00:00Z", "2026-03-03T09:00:00Z", DetectionSource.MANUAL)
                .triaged("2026-03-03T12:00:00Z", Severity.SEV1)
                .contained("2026-03-04T12:00:00Z")
                .resolved("2026-03-05T12:00:00Z");
    }

    static HistoryBuilder falseAlarm() {
        return new HistoryBuilder("inc-false", "sys-a", false)
                .opened("2026-03-06T09:00:00Z", "2026-03-06T09:01:00Z", DetectionSource.ALERT)
                .dismissed("2026-03-06T09:30:00Z");
    }

    private static IncidentMetrics.Summary summary(IncidentMetrics.Filter filter) {
        return IncidentMetrics.summarize(List.of(a().record(), b().record(), c().record(), drill().record(),
                falseAlarm().record()), filter, Map.of("inc-a", 1, "inc-drill", 5), TODAY);
    }

    private static final IncidentMetrics.Filter ALL = new IncidentMetrics.Filter(null, null, null, null, null);

    @Test
    void durations_are_mean_median_and_p90_over_the_incidents_that_have_them() {
        IncidentMetrics.Summary s = summary(ALL);
        assertThat(s.incidentCount()).isEqualTo(3);
        assertThat(s.dismissed()).isEqualTo(1);
        assertThat(s.missingOccurredAt()).isEqualTo(1);
        assertThat(s.mttdMinutes()).isEqualTo(new IncidentMetrics.Stats(130.0, 130.0, 240.0, 2));
        assertThat(s.timeToTriageMinutes()).isEqualTo(new IncidentMetrics.Stats(21.7, 10.0, 45.0, 3));
        assertThat(s.mttcMinutes()).isEqualTo(new IncidentMetrics.Stats(170.0, 170.0, 300.0, 2));
        // B's MTTR runs to its second resolution, across the reopening
        assertThat(s.mttrMinutes()).isEqualTo(new IncidentMetrics.Stats(780.0, 780.0, 1440.0, 2));
        assertThat(s.openIncidents()).isEqualTo(1);
    }

    @Test
    void an_incident_counts_under_the_most_severe_classification_it_had() {
        IncidentRecord a = a().record();
        assertThat(a.severity()).isEqualTo(Severity.SEV1);
        assertThat(a.currentSeverity()).isEqualTo(Severity.SEV3);
        IncidentMetrics.Summary s = summary(ALL);
        assertThat(s.countBySeverity()).containsExactly(Map.entry(Severity.SEV1, 1), Map.entry(Severity.SEV2, 1),
                Map.entry(Severity.SEV3, 1));
        assertThat(s.bySeverity().get(Severity.SEV1).mttcMinutes()).isEqualTo(new IncidentMetrics.Stats(40.0, 40.0, 40.0, 1));
        IncidentMetrics.Summary sev1 = summary(new IncidentMetrics.Filter(null, null, Severity.SEV1, null, null));
        assertThat(sev1.incidentCount()).isEqualTo(1);
        assertThat(sev1.mttrMinutes().mean()).isEqualTo(120.0);
    }

    @Test
    void targets_count_the_incidents_measured_and_those_under_the_limit() {
        Map<String, IncidentMetrics.TargetShare> t = summary(ALL).targets();
        assertThat(t.get("mttdSev1")).isEqualTo(new IncidentMetrics.TargetShare("SEV1 detected within 30 minutes", 30, 1, 1, 1.0));
        assertThat(t.get("mttdSev2").measured()).isZero(); // B's occurrence time is unknown
        assertThat(t.get("mttdSev2").share()).isNull();
        assertThat(t.get("mttcSev1").share()).isEqualTo(1.0);
        assertThat(t.get("mttcSev2")).isEqualTo(new IncidentMetrics.TargetShare("SEV2 contained within 4 hours", 240, 0, 1, 0.0));
        assertThat(t.get("timeToTriage").met()).isEqualTo(2);
        assertThat(t.get("timeToTriage").measured()).isEqualTo(3);
    }

    @Test
    void reviews_action_items_and_status_updates() {
        IncidentMetrics.Summary s = summary(ALL);
        assertThat(s.reviewCompletion()).isEqualTo(0.5); // A published, B (resolved SEV2) not; C is still open
        assertThat(s.actionItemClosureRate()).isEqualTo(0.5); // a-1 in time, a-2 overdue; b-1 not yet due
        assertThat(s.overdueActionItems()).containsExactly(new IncidentMetrics.OverdueActionItem("inc-a", "a-2",
                "Do a-2", "ben", LocalDate.parse("2026-03-05")));
        assertThat(s.statusUpdates()).isEqualTo(new IncidentMetrics.StatusUpdates(2, 1, 2.0 / 3));
        assertThat(s.sourceMix()).containsEntry(DetectionSource.MONITOR, 1).containsEntry(DetectionSource.ALERT, 1)
                .containsEntry(DetectionSource.STAKEHOLDER_REPORT, 1).doesNotContainKey(DetectionSource.MANUAL);
    }

    @Test
    void trends_per_month_and_quarter_and_incidents_per_system() {
        IncidentMetrics.Summary s = summary(ALL);
        assertThat(s.monthly()).extracting(IncidentMetrics.PeriodFigures::period, IncidentMetrics.PeriodFigures::incidentCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-03", 2), org.assertj.core.groups.Tuple.tuple("2026-04", 1));
        assertThat(s.quarterly().get(0).durations().mttcMinutes().mean()).isEqualTo(170.0);
        assertThat(s.quarterly()).extracting(IncidentMetrics.PeriodFigures::period).containsExactly("2026-Q1", "2026-Q2");
        assertThat(s.incidentRate()).containsExactly(new IncidentMetrics.SystemQuarter("sys-a", "2026-Q1", 2),
                new IncidentMetrics.SystemQuarter("sys-b", "2026-Q2", 1));
    }

    @Test
    void filters_by_period_system_and_simulations_never_count() {
        IncidentMetrics.Summary march = summary(new IncidentMetrics.Filter(HistoryBuilder.t("2026-03-01T00:00:00Z"),
                HistoryBuilder.t("2026-04-01T00:00:00Z"), null, null, null));
        assertThat(march.incidentCount()).isEqualTo(2);
        IncidentMetrics.Summary sysB = summary(new IncidentMetrics.Filter(null, null, null, Set.of("sys-b"), null));
        assertThat(sysB.incidentCount()).isEqualTo(1);
        // an incident declared without a system is simply not one of the system's
        IncidentRecord noSystem = new HistoryBuilder("inc-nosys", null, false)
                .opened("2026-03-07T09:00:00Z", "2026-03-07T09:05:00Z", DetectionSource.MANUAL).record();
        assertThat(IncidentMetrics.summarize(List.of(noSystem, c().record()), new IncidentMetrics.Filter(null, null,
                null, Set.of("sys-b"), null), Map.of(), TODAY).incidentCount()).isEqualTo(1);
        IncidentMetrics.Summary onlyDrill = IncidentMetrics.summarize(List.of(drill().record()), ALL, Map.of(), TODAY);
        assertThat(onlyDrill.incidentCount()).isZero();
        assertThat(onlyDrill.mttdMinutes()).isEqualTo(new IncidentMetrics.Stats(null, null, null, 0));
    }

    @Test
    void folding_event_by_event_gives_the_same_record_as_folding_them_all() {
        for (HistoryBuilder history : List.of(a(), b(), c(), drill(), falseAlarm())) {
            List<IncidentEvent> events = history.events();
            IncidentRecord stepwise = IncidentHistory.fold(events.subList(0, 1)).orElseThrow();
            for (IncidentEvent event : events.subList(1, events.size())) {
                stepwise = IncidentHistory.next(stepwise, event);
            }
            assertThat(stepwise).isEqualTo(history.record());
        }
        IncidentRecord first = a().record();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IncidentHistory.next(first, a().events().get(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_the_events_before_a_gap_are_folded() {
        List<IncidentEvent> events = new ArrayList<>(a().events());
        events.remove(4); // version 5 (contained) has not arrived
        assertThat(IncidentHistory.contiguous(events)).isEqualTo(4);
        IncidentRecord partial = IncidentHistory.fold(events).orElseThrow();
        assertThat(partial.version()).isEqualTo(4);
        assertThat(partial.containedAt()).isNull();
        assertThat(IncidentHistory.fold(events.subList(1, events.size()))).isEmpty();
    }
}
