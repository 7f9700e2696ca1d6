package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DrillReplayTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(30);
    private static final AiSystem CREDIT = new AiSystem("credit", "Credit scoring", null, "risk-ml", null, RiskTier.HIGH,
            "2.3.0", List.of("2.2.1"), List.of("PERSONAL_DATA"), List.of("EU"), null, 1);

    private static DrillReplay.Outcome detect(MonitorSettings settings, CreditScoringScenario.Fault fault, long seed) {
        AtomicInteger ids = new AtomicInteger();
        return DrillReplay.detect(CREDIT, settings, fault, seed, NOW, LIMIT, () -> "det-" + ids.incrementAndGet());
    }

    @Test
    void the_credit_models_group_collapse_is_raised_by_fairness_and_the_drill_detection_happens_now() {
        DrillReplay.Outcome outcome = detect(MonitorSettings.defaults(), CreditScoringScenario.Fault.GROUP_COLLAPSE, 7);

        assertThat(outcome.detection()).hasValueSatisfying(d -> {
            assertThat(d.category()).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
            assertThat(d.suggestedSeverity()).isEqualTo(Severity.SEV1);
            assertThat(d.evidence()).containsEntry("monitor", "FAIRNESS").containsEntry("subject", "age_band");
            assertThat(d.detectedAt()).isEqualTo(NOW);
            assertThat(d.occurredAt()).isBetween(outcome.faultAt().minus(Duration.ofMinutes(5)), NOW);
        });
        assertThat(outcome.faultAt()).isEqualTo(NOW.minus(outcome.timeToDetect()));
        assertThat(outcome.timeToDetect()).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(6));
        assertThat(detect(MonitorSettings.defaults(), CreditScoringScenario.Fault.GROUP_COLLAPSE, 7).timeToDetect())
                .as("the same seed replays the same drill").isEqualTo(outcome.timeToDetect());
    }

    @Test
    void each_scenario_is_raised_by_its_monitor_with_the_systems_settings() {
        // a lower-scoring model also loses recall: with labels, performance (SEV2 on a HIGH-risk system) leads
        assertThat(detect(MonitorSettings.defaults(), CreditScoringScenario.Fault.OUTPUT_SHIFT, 3).detection())
                .hasValueSatisfying(d -> assertThat(d.evidence()).containsEntry("monitor", "PERFORMANCE"));
        assertThat(detect(only(MonitorKind.OUTPUT_DRIFT), CreditScoringScenario.Fault.OUTPUT_SHIFT, 3).detection())
                .hasValueSatisfying(d -> assertThat(d.evidence()).containsEntry("monitor", "OUTPUT_DRIFT"));
        assertThat(detect(MonitorSettings.defaults(), CreditScoringScenario.Fault.INCOME_MISSING, 3).detection())
                .hasValueSatisfying(d -> assertThat(d.evidence()).containsEntry("monitor", "DATA_QUALITY"));
    }

    @Test
    void a_system_without_the_monitor_that_would_see_it_misses_the_drill() {
        DrillReplay.Outcome outcome = detect(only(MonitorKind.LATENCY, MonitorKind.ERROR_RATE),
                CreditScoringScenario.Fault.GROUP_COLLAPSE, 7);

        assertThat(outcome.detection()).isEmpty();
        assertThat(outcome.timeToDetect()).isEqualTo(LIMIT);
        assertThat(outcome.evaluations()).isGreaterThanOrEqualTo(30);
    }

    private static MonitorSettings only(MonitorKind... monitors) {
        return MonitorSettings.defaults().withEnabled(List.of(monitors));
    }
}
