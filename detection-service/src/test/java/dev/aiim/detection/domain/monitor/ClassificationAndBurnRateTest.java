package dev.aiim.detection.domain.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassificationAndBurnRateTest {

    @Test
    void confusion_matrix_metrics() {
        // TP 40, FP 10, TN 45, FN 5: accuracy 85/100, precision 40/50, recall 40/45, F1 = 2·0.8·0.8889/1.6889
        ClassificationMetrics m = new ClassificationMetrics(40, 10, 45, 5);
        assertThat(m.accuracy()).isCloseTo(0.85, within(1e-12));
        assertThat(m.precision()).isCloseTo(0.8, within(1e-12));
        assertThat(m.recall()).isCloseTo(0.888889, within(1e-6));
        assertThat(m.f1()).isCloseTo(0.842105, within(1e-6));
        assertThat(new ClassificationMetrics(0, 0, 10, 0).precision()).isNaN();
    }

    @Test
    void auc_counts_the_pairs_a_positive_wins_with_ties_as_half() {
        // positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs won
        assertThat(ClassificationMetrics.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
                .isCloseTo(0.75, within(1e-12));
        // one tie (0.5 vs 0.5) and one win: (1 + 0.5) / 2
        assertThat(ClassificationMetrics.auc(new double[] {0.5, 0.5, 0.9}, new boolean[] {false, true, true}))
                .isCloseTo(0.75, within(1e-12));
        assertThat(ClassificationMetrics.auc(new double[] {0.5, 0.6}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void burn_rate_is_the_error_ratio_over_the_budget() {
        assertThat(BurnRate.of(30, 1000, 0.999)).isCloseTo(30.0, within(1e-9)); // 3 % errors, 0.1 % budget
        assertThat(BurnRate.of(0, 0, 0.999)).isZero();
    }

    @Test
    void a_page_needs_the_long_and_the_short_window_burning() {
        var hotHour = new BurnRate.Window(20, 1000);       // 20x
        var hotFive = new BurnRate.Window(3, 100);         // 30x
        var coolFive = new BurnRate.Window(0, 100);
        var calmSix = new BurnRate.Window(10, 6000);       // 1.7x
        var calmThirty = new BurnRate.Window(0, 500);

        assertThat(BurnRate.breachedRule(hotHour, hotFive, calmSix, calmThirty, 0.999, 50)).isEqualTo("14.4x over 1h and 5m");
        assertThat(BurnRate.breachedRule(hotHour, coolFive, calmSix, calmThirty, 0.999, 50))
                .as("recovered in the last 5 minutes: no page").isNull();
        assertThat(BurnRate.breachedRule(new BurnRate.Window(1, 3), new BurnRate.Window(1, 3), calmSix, calmThirty,
                0.999, 50)).as("1 error in 3 requests is too little traffic to page on").isNull();
        assertThat(BurnRate.breachedRule(new BurnRate.Window(5, 1000), coolFive, new BurnRate.Window(50, 6000),
                new BurnRate.Window(5, 500), 0.999, 50)).isEqualTo("6x over 6h and 30m");
    }

    @Test
    void hysteresis_raises_after_k_breaches_and_clears_after_m_healthy_windows() {
        Hysteresis h = Hysteresis.initial(2, 3);
        Hysteresis once = h.next(Hysteresis.Verdict.BREACH);
        assertThat(once.changeFrom(h)).isEqualTo(Hysteresis.Change.NONE);
        Hysteresis interrupted = once.next(Hysteresis.Verdict.HEALTHY).next(Hysteresis.Verdict.BREACH);
        assertThat(interrupted.raised()).as("breaches must be consecutive").isFalse();
        Hysteresis raised = interrupted.next(Hysteresis.Verdict.INSUFFICIENT_DATA).next(Hysteresis.Verdict.BREACH);
        assertThat(raised.raised()).as("a window without enough data neither breaks nor extends a run").isTrue();

        Hysteresis s = raised;
        for (int i = 0; i < 2; i++) {
            Hysteresis n = s.next(Hysteresis.Verdict.HEALTHY);
            assertThat(n.changeFrom(s)).isEqualTo(Hysteresis.Change.NONE);
            s = n;
        }
        Hysteresis cleared = s.next(Hysteresis.Verdict.HEALTHY);
        assertThat(cleared.changeFrom(s)).isEqualTo(Hysteresis.Change.CLEARED);
    }

    @Test
    void performance_compares_auc_too_when_predictions_carry_scores() {
        java.util.Random random = new java.util.Random(3);
        java.util.function.IntFunction<java.util.List<PredictionRecord>> records = informative -> {
            java.util.List<PredictionRecord> out = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean positive = random.nextBoolean();
                // The class stays right as often; only the ranking by score degrades.
                double score = informative == 1 ? (positive ? 0.6 + 0.4 * random.nextDouble() : 0.4 * random.nextDouble())
                        : random.nextDouble();
                String predicted = random.nextDouble() < 0.9 == positive ? "1" : "0";
                out.add(new PredictionRecord("p" + i, java.time.Instant.EPOCH, null, predicted, score, null,
                        java.util.Map.of(), java.util.Map.of(), null, false, positive ? "1" : "0"));
            }
            return out;
        };
        MonitorResult result = OperationalMonitors.performance(records.apply(0), records.apply(1),
                OperationalMonitors.Settings.DEFAULTS);
        assertThat(result.evidence()).containsKeys("auc", "reference_auc");
        assertThat((Double) result.evidence().get("reference_auc")).isEqualTo(1.0);
        assertThat(result.metric()).isEqualTo("auc");
        assertThat(result.verdict()).isEqualTo(Hysteresis.Verdict.BREACH);
    }
}
