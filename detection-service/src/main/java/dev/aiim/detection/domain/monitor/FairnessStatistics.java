package dev.aiim.detection.domain.monitor;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Outcome rates across the groups of one attribute (e.g. {@code age_band}): selection rate, disparate
 * impact (the four-fifths rule), demographic parity difference, equal opportunity difference, and the
 * two-proportion z-test that keeps small or noisy gaps from raising alarms.
 */
public final class FairnessStatistics {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private FairnessStatistics() {
    }

    /**
     * One group's counts in a window.
     *
     * @param decisions     decisions made for the group
     * @param favourable    of those, favourable ones (approved, selected)
     * @param labelledPositives decisions whose ground truth later proved positive (deserved the favourable outcome)
     * @param truePositives of those, the ones that got it
     * @param labelledNegatives decisions whose ground truth proved negative
     * @param falsePositives    of those, the ones that got the favourable outcome all the same
     */
    public record GroupOutcomes(String group, long decisions, long favourable, long labelledPositives,
                                long truePositives, long labelledNegatives, long falsePositives) {

        /** Counts without negative labels (a group whose labels have not arrived, or a test's). */
        public GroupOutcomes(String group, long decisions, long favourable, long labelledPositives,
                             long truePositives) {
            this(group, decisions, favourable, labelledPositives, truePositives, 0, 0);
        }

        public double selectionRate() {
            return decisions == 0 ? Double.NaN : (double) favourable / decisions;
        }

        public double truePositiveRate() {
            return labelledPositives == 0 ? Double.NaN : (double) truePositives / labelledPositives;
        }

        public double falsePositiveRate() {
            return labelledNegatives == 0 ? Double.NaN : (double) falsePositives / labelledNegatives;
        }
    }

    /** The z statistic and two-sided p-value of a difference between two proportions (pooled). */
    public record ZTest(double z, double pValue) {
    }

    /** {@code (p1 − p2) / sqrt(P(1 − P)(1/n1 + 1/n2))}, {@code P} the pooled proportion; p = 1 when nothing varies. */
    public static ZTest twoProportionZTest(long successes1, long n1, long successes2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return new ZTest(0, 1);
        }
        double p1 = (double) successes1 / n1;
        double p2 = (double) successes2 / n2;
        double pooled = (double) (successes1 + successes2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new ZTest(0, 1);
        }
        double z = (p1 - p2) / se;
        return new ZTest(z, 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z))));
    }

    /** The group with the highest selection rate among those with at least {@code minGroupSize} decisions. */
    public static Optional<GroupOutcomes> mostFavoured(Collection<GroupOutcomes> groups, long minGroupSize) {
        return groups.stream().filter(g -> g.decisions() >= minGroupSize)
                .max(Comparator.comparingDouble(GroupOutcomes::selectionRate));
    }

    /** A group's selection rate over the most favoured group's (below 0.8 fails the four-fifths rule). */
    public static double disparateImpact(GroupOutcomes group, GroupOutcomes mostFavoured) {
        double best = mostFavoured.selectionRate();
        return best == 0 ? 1.0 : group.selectionRate() / best;
    }

    /** Highest minus lowest selection rate among groups of at least {@code minGroupSize}. */
    public static double demographicParityDifference(Collection<GroupOutcomes> groups, long minGroupSize) {
        return spread(groups.stream().filter(g -> g.decisions() >= minGroupSize)
                .mapToDouble(GroupOutcomes::selectionRate).toArray());
    }

    /** Highest minus lowest true-positive rate among groups with at least {@code minPositives} labelled positives. */
    public static double equalOpportunityDifference(Collection<GroupOutcomes> groups, long minPositives) {
        return spread(groups.stream().filter(g -> g.labelledPositives() >= minPositives)
                .mapToDouble(GroupOutcomes::truePositiveRate).toArray());
    }

    /**
     * Highest minus lowest false-positive rate among groups with at least {@code minNegatives} labelled negatives;
     * with {@link #equalOpportunityDifference} the two gaps of equalised odds (Hardt, Price and Srebro, 2016).
     */
    public static double falsePositiveRateDifference(Collection<GroupOutcomes> groups, long minNegatives) {
        return spread(groups.stream().filter(g -> g.labelledNegatives() >= minNegatives)
                .mapToDouble(GroupOutcomes::falsePositiveRate).toArray());
    }

    private static double spread(double[] rates) {
        if (rates.length < 2) {
            return Double.NaN;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double r : rates) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max - min;
    }
}
