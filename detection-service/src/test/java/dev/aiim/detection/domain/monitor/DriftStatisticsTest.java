package dev.aiim.detection.domain.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each distance against a value worked out by hand (the working is in the comments). */
class DriftStatisticsTest {

    @Test
    void psi_of_a_half_half_split_moving_to_a_quarter_three_quarters() {
        // (0.25-0.5)·ln(0.25/0.5) + (0.75-0.5)·ln(0.75/0.5) = 0.173287 + 0.101366
        assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
                .isCloseTo(0.274653, within(1e-6));
        assertThat(DriftStatistics.psi(new double[] {0.2, 0.8}, new double[] {0.2, 0.8})).isZero();
    }

    @Test
    void psi_smooths_an_empty_reference_bin_instead_of_dividing_by_zero() {
        // third bin: (0.2-0.0001)·ln(0.2/0.0001) = 1.519893; plus (−0.1)·ln(5/6) + (−0.1)·ln(3/4) = 0.046528
        assertThat(DriftStatistics.psi(new double[] {0.6, 0.4, 0.0}, new double[] {0.5, 0.3, 0.2}))
                .isCloseTo(1.566421, within(1e-6));
    }

    @Test
    void jensen_shannon_distance_is_base_two() {
        // M = (0.375, 0.625); KL(P‖M) = 0.032269 nats, KL(Q‖M) = 0.035375 nats;
        // sqrt(((0.032269 + 0.035375) / 2) / ln 2) = sqrt(0.048795) = 0.220896
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
                .isCloseTo(0.220896, within(1e-6));
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {1, 0}, new double[] {0, 1}))
                .isCloseTo(1.0, within(1e-12));
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {0.3, 0.7}, new double[] {0.3, 0.7})).isZero();
    }

    @Test
    void kolmogorov_smirnov_is_the_largest_gap_between_the_step_cdfs() {
        // after 2: F_R = 0.5, F_C = 0; after 4: both 1 vs 0.5 — the gap never exceeds 0.5
        double[] reference = {1, 2, 3, 4};
        double[] current = {3, 4, 5, 6};
        assertThat(DriftStatistics.ksStatistic(reference, current)).isCloseTo(0.5, within(1e-12));
        assertThat(DriftStatistics.ksPValue(reference, current)).isGreaterThan(0.05); // four values each prove nothing
        double[] shifted = new double[200];
        double[] base = new double[200];
        for (int i = 0; i < 200; i++) {
            base[i] = i;
            shifted[i] = i + 100;
        }
        assertThat(DriftStatistics.ksStatistic(base, shifted)).isCloseTo(0.5, within(1e-12));
        assertThat(DriftStatistics.ksPValue(base, shifted)).isLessThan(1e-10);
    }

    @Test
    void wasserstein_is_the_shift_and_is_normalised_by_the_reference_spread() {
        // every value moves by 1: W1 = 1; population sd of {0,1,2,3} = sqrt(1.25) = 1.118034
        double[] reference = {0, 1, 2, 3};
        double[] current = {1, 2, 3, 4};
        assertThat(DriftStatistics.wasserstein(reference, current)).isCloseTo(1.0, within(1e-12));
        assertThat(DriftStatistics.normalizedWasserstein(reference, current)).isCloseTo(0.894427, within(1e-6));
        // unequal sizes: {0, 10} against {0}: half the mass travels 10
        assertThat(DriftStatistics.wasserstein(new double[] {0, 10}, new double[] {0})).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void chi_square_tells_a_changed_category_mix_from_noise() {
        assertThat(DriftStatistics.chiSquarePValue(new long[] {500, 500}, new long[] {250, 750})).isLessThan(1e-6);
        assertThat(DriftStatistics.chiSquarePValue(new long[] {500, 500}, new long[] {49, 51})).isGreaterThan(0.5);
        assertThat(DriftStatistics.chiSquarePValue(new long[] {10, 0}, new long[] {7, 0})).isEqualTo(1.0);
    }

    @Test
    void distributions_over_different_bins_are_refused() {
        assertThatThrownBy(() -> DriftStatistics.psi(new double[] {1}, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reference_bins_put_new_extremes_in_under_and_overflow() {
        double[] reference = new double[100];
        for (int i = 0; i < 100; i++) {
            reference[i] = i;
        }
        ReferenceBins bins = ReferenceBins.fromReference(reference, 10);

        // deciles 10..90 plus the reference's ends: 11 edges, 12 bins, the outer two empty for the reference
        assertThat(bins.edges()).hasSize(11);
        assertThat(bins.referenceCounts()).containsExactly(0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0);
        assertThat(bins.count(new double[] {-5, 0, 99, 150})).containsExactly(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    }
}
