package dev.aiim.detection.domain.monitor;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How a monitor that tests many features or groups in one window keeps its false alarms in check: each
 * method turns the window's raw p-values into adjusted ones, and a test is significant when its adjusted
 * p-value is at most the monitor's level ({@code distribution.pValue}, {@code fairness.alpha}).
 *
 * <p>{@link #BENJAMINI_HOCHBERG} (the default) controls the false discovery rate: of the features or groups
 * flagged, at most that share is expected to be flagged by chance; when nothing has changed at all it is
 * also the chance that anything is flagged. {@link #BONFERRONI} controls the chance of any false flag, at a
 * greater loss of power; {@link #NONE} judges each test alone.
 */
public enum MultipleTesting {
    BENJAMINI_HOCHBERG, BONFERRONI, NONE;

    /**
     * The adjusted p-values, in the order given. Benjamini-Hochberg (1995), step-up: with the m p-values
     * sorted ascending, {@code adjusted(i) = min over j >= i of min(1, m * p(j) / j)}, as R's
     * {@code p.adjust(p, "BH")}; Bonferroni: {@code min(1, m * p)}.
     */
    public double[] adjust(double[] pValues) {
        int m = pValues.length;
        return switch (this) {
            case NONE -> pValues.clone();
            case BONFERRONI -> Arrays.stream(pValues).map(p -> Math.min(1, p * m)).toArray();
            case BENJAMINI_HOCHBERG -> {
                Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
                Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
                double[] adjusted = new double[m];
                double smallest = 1;
                for (int rank = m; rank >= 1; rank--) {
                    int i = order[rank - 1];
                    smallest = Math.min(smallest, pValues[i] * m / rank);
                    adjusted[i] = smallest;
                }
                yield adjusted;
            }
        };
    }
}
