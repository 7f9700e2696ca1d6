package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Results applied to stored states: when a detection is raised and resolved, with which severity and evidence. */
class MonitorRunTest {

    private static final Instant T0 = Instant.parse("2026-03-17T09:00:00Z");
    private static final MonitorSettings DEFAULTS = MonitorSettings.defaults();

    static AiSystem system(RiskTier tier) {
        return new AiSystem("credit", "Credit scoring", null, "risk-ml", null, tier, "v7", List.of(), List.of(),
                List.of(), null, 1);
    }

    private static MonitorResult result(MonitorKind kind, String subject, Hysteresis.Verdict verdict) {
        return new MonitorResult(kind, subject, verdict, "disparate_impact", 0.4, 0.8,
                Map.of("group", "60+", "selectionRate", 0.2, "referenceGroup", "26-59", "referenceSelectionRate", 0.5));
    }

    /** Feeds one verdict per minute and keeps the states as the repository would. */
    private static final class Runner {
        final Map<String, MonitorRun.State> states = new HashMap<>();
        final AtomicInteger ids = new AtomicInteger();
        final AiSystem system;
        final boolean proactive;

        Runner(AiSystem system, boolean proactive) {
            this.system = system;
            this.proactive = proactive;
        }

        MonitorRun.Outcome next(int minute, MonitorResult... results) {
            MonitorRun.Run run = new MonitorRun.Run(system, DEFAULTS, T0.plusSeconds(60L * minute),
                    proactive ? "proactive/" : "", proactive, Map.of("window", Map.of("records", 300)),
                    T0.plusSeconds(60L * minute - 300));
            MonitorRun.Outcome outcome = MonitorRun.apply(run, states, List.of(results),
                    () -> "det-" + ids.incrementAndGet());
            outcome.states().forEach(s -> states.put(s.key(), s));
            return outcome;
        }
    }

    @Test
    void fairness_on_a_high_risk_system_raises_on_the_first_breach_as_sev1_with_its_evidence() {
        Runner runner = new Runner(system(RiskTier.HIGH), false);
        MonitorRun.Outcome first = runner.next(1, result(MonitorKind.FAIRNESS, "age_band", Hysteresis.Verdict.BREACH));
        assertThat(first.raised()).singleElement().satisfies(d -> {
            assertThat(d.suggestedSeverity()).isEqualTo(Severity.SEV1);
            assertThat(d.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
            assertThat(d.correlationKey()).isEqualTo("credit:BIAS_FAIRNESS");
            assertThat(d.dedupKey()).isEqualTo("monitor:credit:FAIRNESS:age_band");
            assertThat(d.summary()).isEqualTo("Credit scoring: age_band group '60+' is selected at 0.2, 0.4000 of group"
                    + " '26-59' (0.5); the four-fifths threshold is 0.8000");
            assertThat(d.evidence()).containsEntry("value", 0.4).containsEntry("threshold", 0.8)
                    .containsEntry("protectedAttribute", true).containsKeys("window", "details");
            // the breach was measured on the window, so the harm was under way by its oldest record
            assertThat(d.detectedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(d.occurredAt()).isEqualTo(T0.plusSeconds(60 - 300));
        });
        assertThat(runner.next(2, result(MonitorKind.FAIRNESS, "age_band", Hysteresis.Verdict.BREACH)).raised())
                .as("still raised: no second detection").isEmpty();
    }

    @Test
    void other_monitors_wait_for_two_breaches_and_clear_after_three_healthy_windows() {
        Runner runner = new Runner(system(RiskTier.STANDARD), false);
        assertThat(runner.next(1, result(MonitorKind.OUTPUT_DRIFT, "score", Hysteresis.Verdict.BREACH)).raised()).isEmpty();
        assertThat(runner.next(2, result(MonitorKind.OUTPUT_DRIFT, "score", Hysteresis.Verdict.INSUFFICIENT_DATA))
                .raised()).as("a window without data neither extends nor breaks the run").isEmpty();
        MonitorRun.Outcome raised = runner.next(3, result(MonitorKind.OUTPUT_DRIFT, "score", Hysteresis.Verdict.BREACH));
        assertThat(raised.raised()).singleElement().satisfies(d -> {
            assertThat(d.detectionId()).isEqualTo("det-1");
            assertThat(d.suggestedSeverity()).isEqualTo(Severity.SEV3);
            assertThat(d.category()).isEqualTo(IncidentCategory.PERFORMANCE_DEGRADATION);
        });
        assertThat(runner.next(4, result(MonitorKind.OUTPUT_DRIFT, "score", Hysteresis.Verdict.HEALTHY)).resolved()).isEmpty();
        assertThat(runner.next(5, result(MonitorKind.OUTPUT_DRIFT, "score", Hysteresis.Verdict.HEALTHY)).resolved()).isEmpty();
        assertThat(runner.next(6, result(MonitorKind.OUTPUT_DRIFT, "score", Hysteresis.Verdict.HEALTHY)).resolved())
                .singleElement().satisfies(r -> {
                    assertThat(r.detectionId()).isEqualTo("det-1");
                    assertThat(r.correlationKey()).isEqualTo("credit:PERFORMANCE_DEGRADATION");
                });
        assertThat(runner.states.get("OUTPUT_DRIFT:score").detectionId()).isNull();
    }

    @Test
    void proactive_checks_keep_their_own_states_and_act_on_one_window() {
        Runner runner = new Runner(system(RiskTier.STANDARD), true);
        MonitorRun.Outcome outcome = runner.next(1, result(MonitorKind.LATENCY, "latency", Hysteresis.Verdict.BREACH));
        assertThat(outcome.raised()).singleElement()
                .satisfies(d -> {
                    assertThat(d.dedupKey()).isEqualTo("monitor:credit:proactive/LATENCY:latency");
                    assertThat(d.occurredAt()).as("a day's window cannot date the start").isEqualTo(d.detectedAt());
                });
        assertThat(runner.states).containsOnlyKeys("proactive/LATENCY:latency");
        assertThat(runner.next(2, result(MonitorKind.LATENCY, "latency", Hysteresis.Verdict.HEALTHY)).resolved()).hasSize(1);
    }

    @Test
    void severity_follows_the_playbook_levels() {
        assertThat(MonitorRun.suggestedSeverity(MonitorKind.FAIRNESS, "sex", RiskTier.HIGH, DEFAULTS)).isEqualTo(Severity.SEV1);
        assertThat(MonitorRun.suggestedSeverity(MonitorKind.FAIRNESS, "sex", RiskTier.STANDARD, DEFAULTS))
                .isEqualTo(Severity.SEV2);
        assertThat(MonitorRun.suggestedSeverity(MonitorKind.FAIRNESS, "region", RiskTier.HIGH, DEFAULTS))
                .isEqualTo(Severity.SEV2);
        assertThat(MonitorRun.suggestedSeverity(MonitorKind.FAIRNESS, "region", RiskTier.STANDARD, DEFAULTS))
                .isEqualTo(Severity.SEV3);
        assertThat(MonitorRun.suggestedSeverity(MonitorKind.PERFORMANCE, "quality", RiskTier.HIGH, DEFAULTS))
                .isEqualTo(Severity.SEV2);
        assertThat(MonitorRun.suggestedSeverity(MonitorKind.INPUT_DRIFT, "features", RiskTier.HIGH, DEFAULTS))
                .isEqualTo(Severity.SEV3);
    }

    @Test
    void default_settings_are_usable_and_bad_ones_are_named() {
        assertThat(DEFAULTS.problems()).isEmpty();
        MonitorSettings bad = new MonitorSettings(List.of(), new MonitorSettings.Window(MonitorSettings.WindowType.COUNT,
                null, 5), DEFAULTS.evaluateEvery(), 0, 3, 1, List.of(), Map.of(), DEFAULTS.proactiveWindow(), 100,
                DEFAULTS.fairness(), DEFAULTS.distribution(), DEFAULTS.operational(), DEFAULTS.heartbeat(),
                DEFAULTS.estimatedPerformance());
        assertThat(bad.problems()).containsOnlyKeys("window.records", "raiseAfter");
    }
}
