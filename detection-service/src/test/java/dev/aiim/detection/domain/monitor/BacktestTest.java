package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.aisystem.RiskTier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day of the credit model at ten decisions a second (864,000 records) replayed through the default
 * monitors: a stable day raises nothing; the same day with the encoding change at 14:00 is detected, and
 * the delay from the fault to the detection is reported.
 */
class BacktestTest {

    private static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant FAULT = DAY.plus(Duration.ofHours(14));

    @Test
    void a_stable_day_raises_nothing() {
        Backtest.Result result = replay(new CreditScoringScenario(5, DAY, Instant.MAX), null);
        assertThat(result.records()).isEqualTo(864_000);
        assertThat(result.windows()).isEqualTo(1440);
        assertThat(result.monitors()).allSatisfy((monitor, tally) -> assertThat(tally.detectionCount())
                .as("%s: %s", monitor, tally.detections()).isZero());
        assertThat(result.monitors().get(MonitorKind.FAIRNESS).windows()).isEqualTo(1440);
        assertThat(result.firstDetectionAt()).isNull();
    }

    @Test
    void the_same_day_with_the_encoding_change_is_detected_and_the_delay_reported() {
        Backtest.Result result = replay(new CreditScoringScenario(5, DAY, FAULT), FAULT);
        assertThat(result.detectionsBeforeFault()).isZero();
        assertThat(result.firstDetectionAt()).isAfter(FAULT);
        assertThat(result.detectionDelaySeconds()).isBetween(60L, 300L);
        Backtest.Tally fairness = result.monitors().get(MonitorKind.FAIRNESS);
        assertThat(fairness.detections()).first().satisfies(d -> {
            assertThat(d.at()).isEqualTo(result.firstDetectionAt());
            assertThat(d.subject()).isEqualTo("age_band");
            assertThat(d.summary()).contains("60+");
            assertThat(d.evidence()).containsEntry("backtest", true);
        });
    }

    private static Backtest.Result replay(CreditScoringScenario scenario, Instant faultStartedAt) {
        Instant referenceFrom = DAY.minus(Duration.ofHours(1));
        List<PredictionRecord> reference = new CreditScoringScenario(4, referenceFrom, Instant.MAX)
                .between(referenceFrom, Duration.ofHours(1), 10);
        ReferenceProfile profile = ReferenceProfile.of(reference, ReferenceProfile.featureNames(reference));
        MonitorSettings settings = MonitorSettings.defaults();
        Backtest backtest = new Backtest(MonitorRunTest.system(RiskTier.HIGH), settings, reference, profile,
                Map.of("records", reference.size()), faultStartedAt);
        Instant from = DAY;
        Instant to = DAY.plus(Duration.ofDays(1));
        for (Instant at : Backtest.evaluationTimes(from, to, settings.evaluateEvery())) {
            scenario.between(at.minus(settings.evaluateEvery()), settings.evaluateEvery(), 10).forEach(backtest::add);
            backtest.evaluateAt(at);
        }
        return backtest.result();
    }
}
