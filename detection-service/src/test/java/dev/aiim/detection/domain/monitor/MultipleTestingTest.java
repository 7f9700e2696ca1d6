package dev.aiim.detection.domain.monitor;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Adjusted p-values against values worked out by hand, and the false alarms of many features of pure noise. */
class MultipleTestingTest {

    @Test
    void benjamini_hochberg_takes_the_smallest_scaled_p_value_at_or_above_each_rank() {
        // sorted: 0.005 (1), 0.01 (2), 0.03 (3), 0.04 (4); m/i·p = 0.02, 0.02, 0.04, 0.04; minimum from the top down
        assertThat(MultipleTesting.BENJAMINI_HOCHBERG.adjust(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
        // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") is 0.05 five times
        assertThat(MultipleTesting.BENJAMINI_HOCHBERG.adjust(new double[] {0.01, 0.02, 0.03, 0.04, 0.05}))
                .containsExactly(new double[] {0.05, 0.05, 0.05, 0.05, 0.05}, within(1e-12));
        // a large p-value is capped at 1; one test is left as it is
        assertThat(MultipleTesting.BENJAMINI_HOCHBERG.adjust(new double[] {0.9, 0.8})).containsExactly(0.9, 0.9);
        assertThat(MultipleTesting.BENJAMINI_HOCHBERG.adjust(new double[] {0.3})).containsExactly(0.3);
        assertThat(MultipleTesting.BONFERRONI.adjust(new double[] {0.01, 0.4})).containsExactly(0.02, 0.8);
        assertThat(MultipleTesting.NONE.adjust(new double[] {0.01, 0.4})).containsExactly(0.01, 0.4);
        assertThat(MultipleTesting.BENJAMINI_HOCHBERG.adjust(new double[0])).isEmpty();
    }

    @Test
    void fifty_features_of_pure_noise_over_a_hundred_windows_raise_no_more_than_the_rate_allows() {
        Random random = new Random(20261208);
        int features = 50;
        List<PredictionRecord> reference = noise(random, 1000, features);
        ReferenceProfile profile = ReferenceProfile.of(reference, ReferenceProfile.featureNames(reference));
        // One drifted feature in fifty breaches, and every breach raises a detection (raise-after 1): the
        // harshest reading of "any feature drifted", judged at a false discovery rate of 5 %.
        DistributionMonitors.Settings controlled = new DistributionMonitors.Settings(100, 0.25, 0.1, 0.05, 0.1, 1000,
                1.0 / features, MultipleTesting.BENJAMINI_HOCHBERG);
        DistributionMonitors.Settings uncontrolled = new DistributionMonitors.Settings(100, 0.25, 0.1, 0.05, 0.1, 1000,
                1.0 / features, MultipleTesting.NONE);
        int raised = 0;
        int raisedUncontrolled = 0;
        for (int window = 0; window < 100; window++) {
            List<PredictionRecord> records = noise(random, 200, features);
            MonitorResult result = DistributionMonitors.inputDrift(records, profile, controlled);
            raised += result.verdict() == Hysteresis.Verdict.BREACH ? 1 : 0;
            raisedUncontrolled += DistributionMonitors.inputDrift(records, profile, uncontrolled).verdict()
                    == Hysteresis.Verdict.BREACH ? 1 : 0;
            if (window == 0) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rows = (List<Map<String, Object>>) result.evidence().get("features");
                assertThat(rows).hasSize(features).allSatisfy(row -> assertThat(row)
                        .containsKeys("pValue", "adjustedPValue"));
                assertThat(result.evidence()).containsEntry("multipleTesting", "BENJAMINI_HOCHBERG");
            }
        }
        // Under the complete null, BH at q keeps the chance of any flag in a window at or below q: 5 of 100.
        assertThat(raised).isLessThanOrEqualTo(5);
        // Judged one by one, 50 tests at 5 % flag something in about 1 − 0.95^50 = 92 % of windows.
        assertThat(raisedUncontrolled).isGreaterThan(70);
    }

    @Test
    void a_real_shift_in_a_few_features_survives_the_adjustment() {
        Random random = new Random(7);
        List<PredictionRecord> reference = noise(random, 1000, 50);
        ReferenceProfile profile = ReferenceProfile.of(reference, ReferenceProfile.featureNames(reference));
        List<PredictionRecord> window = new ArrayList<>();
        for (PredictionRecord r : noise(random, 200, 50)) {
            Map<String, Object> features = new LinkedHashMap<>(r.features());
            features.put("f0", ((Number) features.get("f0")).doubleValue() + 1.0);
            features.put("f1", ((Number) features.get("f1")).doubleValue() + 1.0);
            window.add(new PredictionRecord(r.id(), r.timestamp(), null, null, null, null, features, Map.of(), null,
                    false, null));
        }
        MonitorResult result = DistributionMonitors.inputDrift(window, profile, new DistributionMonitors.Settings(100,
                0.25, 0.1, 0.05, 0.1, 1000, 1.0 / 50, MultipleTesting.BENJAMINI_HOCHBERG));
        assertThat(result.verdict()).isEqualTo(Hysteresis.Verdict.BREACH);
        assertThat(result.evidence().get("driftedFeatures")).isEqualTo(List.of("f0", "f1"));
    }

    private static List<PredictionRecord> noise(Random random, int n, int features) {
        List<PredictionRecord> records = new ArrayList<>(n);
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int f = 0; f < features; f++) {
                values.put("f" + f, random.nextGaussian());
            }
            records.add(new PredictionRecord("p" + i, at.plusSeconds(i), null, null, null, null, values, Map.of(), null,
                    false, null));
        }
        return records;
    }
}
