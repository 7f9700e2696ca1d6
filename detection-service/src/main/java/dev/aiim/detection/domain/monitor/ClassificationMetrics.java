package dev.aiim.detection.domain.monitor;

/**
 * Binary classification quality from a confusion matrix, and ROC AUC from scores (the Mann-Whitney
 * form: the chance that a positive outscores a negative, ties counting half).
 */
public record ClassificationMetrics(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /**
     * ROC AUC of {@code scores} against {@code positive}; NaN without both classes. O(n log n): the chance
     * that a positive outscores a negative (ties count half), from the two classes' sorted scores.
     */
    public static double auc(double[] scores, boolean[] positive) {
        int positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        int negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double[] pos = new double[positives];
        double[] neg = new double[negatives];
        for (int i = 0, p = 0, q = 0; i < scores.length; i++) {
            if (positive[i]) {
                pos[p++] = scores[i];
            } else {
                neg[q++] = scores[i];
            }
        }
        java.util.Arrays.sort(pos);
        java.util.Arrays.sort(neg);
        double wins = 0;
        int below = 0; // negatives scored lower than the current positive
        int notAbove = 0; // negatives scored lower or equal
        for (double score : pos) {
            while (below < negatives && neg[below] < score) {
                below++;
            }
            notAbove = Math.max(notAbove, below);
            while (notAbove < negatives && neg[notAbove] == score) {
                notAbove++;
            }
            wins += below + (notAbove - below) / 2.0;
        }
        return wins / ((double) positives * negatives);
    }
}
