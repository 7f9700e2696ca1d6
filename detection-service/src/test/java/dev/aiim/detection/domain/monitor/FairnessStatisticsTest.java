package dev.aiim.detection.domain.monitor;

import dev.aiim.detection.domain.monitor.FairnessStatistics.GroupOutcomes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FairnessStatisticsTest {

    private static final GroupOutcomes YOUNG = new GroupOutcomes("18-25", 100, 20, 40, 12);
    private static final GroupOutcomes MIDDLE = new GroupOutcomes("26-59", 100, 50, 60, 48);
    private static final GroupOutcomes TINY = new GroupOutcomes("60+", 5, 0, 0, 0);

    @Test
    void disparate_impact_is_the_selection_rate_over_the_most_favoured_groups() {
        GroupOutcomes best = FairnessStatistics.mostFavoured(List.of(YOUNG, MIDDLE, TINY), 30).orElseThrow();

        assertThat(best).isEqualTo(MIDDLE);
        assertThat(FairnessStatistics.disparateImpact(YOUNG, best)).isCloseTo(0.4, within(1e-12)); // 0.2 / 0.5
        assertThat(FairnessStatistics.demographicParityDifference(List.of(YOUNG, MIDDLE, TINY), 30))
                .as("the 5-decision group is below the minimum and left out").isCloseTo(0.3, within(1e-12));
    }

    @Test
    void equal_opportunity_compares_true_positive_rates() {
        // 12/40 = 0.3 against 48/60 = 0.8
        assertThat(FairnessStatistics.equalOpportunityDifference(List.of(YOUNG, MIDDLE), 30))
                .isCloseTo(0.5, within(1e-12));
        assertThat(FairnessStatistics.equalOpportunityDifference(List.of(YOUNG, MIDDLE), 50))
                .as("one group with enough positives is no comparison").isNaN();
    }

    @Test
    void the_z_test_separates_a_real_gap_from_a_small_sample() {
        // P = 70/200 = 0.35; SE = sqrt(0.35·0.65·(1/100 + 1/100)) = 0.067454; z = 0.3 / 0.067454 = 4.4475
        FairnessStatistics.ZTest real = FairnessStatistics.twoProportionZTest(50, 100, 20, 100);
        assertThat(real.z()).isCloseTo(4.447496, within(1e-5));
        assertThat(real.pValue()).isCloseTo(8.6877e-6, within(1e-8));
        // 12/20 against 9/20: z = 0.94987, p = 0.34218: not evidence
        FairnessStatistics.ZTest small = FairnessStatistics.twoProportionZTest(12, 20, 9, 20);
        assertThat(small.z()).isCloseTo(0.949871, within(1e-5));
        assertThat(small.pValue()).isCloseTo(0.342178, within(1e-5));
        assertThat(FairnessStatistics.twoProportionZTest(0, 10, 0, 10).pValue()).isEqualTo(1.0);
    }
}
