package dev.aiim.detection.domain.monitor;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import java.util.Arrays;

/**
 * Distribution comparisons between a reference sample and a current window (formulas as in
 * Evidently and NannyML; docs/monitors.md). Proportions are per bin and sum to 1; samples are raw values.
 */
public final class DriftStatistics {

    /** What replaces an empty bin's proportion in PSI, so that its logarithm stays finite (Evidently's 0.0001). */
    public static final double PSI_EPSILON = 1e-4;

    private DriftStatistics() {
    }

    /**
     * Population Stability Index, {@code Σ (q − p) · ln(q / p)}, natural log, empty bins smoothed to
     * {@link #PSI_EPSILON}. Under 0.1 stable, 0.1-0.25 moderate shift, 0.25 and above significant.
     */
    public static double psi(double[] reference, double[] current) {
        requireSameBins(reference, current);
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = Math.max(reference[i], PSI_EPSILON);
            double q = Math.max(current[i], PSI_EPSILON);
            psi += (q - p) * Math.log(q / p);
        }
        return psi;
    }

    /** Jensen-Shannon distance with base-2 logarithms: 0 for equal distributions, 1 for disjoint ones. */
    public static double jensenShannonDistance(double[] p, double[] q) {
        requireSameBins(p, q);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            divergence += 0.5 * klTerm(p[i], m) + 0.5 * klTerm(q[i], m);
        }
        return Math.sqrt(Math.max(0, divergence / Math.log(2)));
    }

    private static double klTerm(double x, double m) {
        return x == 0 ? 0 : x * Math.log(x / m);
    }

    /** The two-sample Kolmogorov-Smirnov statistic, {@code sup |F_R(x) − F_C(x)|}. */
    public static double ksStatistic(double[] reference, double[] current) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(reference, current);
    }

    /** The two-sided p-value of that statistic (exact for small samples, asymptotic for large ones). */
    public static double ksPValue(double[] reference, double[] current) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference, current);
    }

    /**
     * Wasserstein-1 distance ({@code ∫ |F_R − F_C| dx}) divided by the reference's standard deviation
     * (at least 0.001): 0.1 means the distribution moved by a tenth of a reference standard deviation.
     */
    public static double normalizedWasserstein(double[] reference, double[] current) {
        return wasserstein(reference, current) / Math.max(standardDeviation(reference), 0.001);
    }

    /** Wasserstein-1 between two empirical distributions: the area between their step CDFs. */
    public static double wasserstein(double[] reference, double[] current) {
        if (reference.length == 0 || current.length == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        double[] r = reference.clone();
        double[] c = current.clone();
        Arrays.sort(r);
        Arrays.sort(c);
        int i = 0;
        int j = 0;
        double area = 0;
        double previous = Math.min(r[0], c[0]);
        while (i < r.length || j < c.length) {
            double next = j >= c.length || (i < r.length && r[i] <= c[j]) ? r[i] : c[j];
            area += Math.abs((double) i / r.length - (double) j / c.length) * (next - previous);
            while (i < r.length && r[i] == next) {
                i++;
            }
            while (j < c.length && c[j] == next) {
                j++;
            }
            previous = next;
        }
        return area;
    }

    /** Population standard deviation (as numpy's default). */
    public static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return values.length == 0 ? 0 : Math.sqrt(squares / values.length);
    }

    /**
     * p-value of the chi-square test that two samples of a categorical value come from one distribution
     * (contingency form over the categories' counts). Categories empty in both are left out.
     */
    public static double chiSquarePValue(long[] referenceCounts, long[] currentCounts) {
        if (referenceCounts.length != currentCounts.length) {
            throw new IllegalArgumentException("counts for different categories");
        }
        int used = 0;
        for (int i = 0; i < referenceCounts.length; i++) {
            if (referenceCounts[i] + currentCounts[i] > 0) {
                used++;
            }
        }
        if (used < 2) {
            return 1.0; // one category seen in all: nothing to compare
        }
        long[] r = new long[used];
        long[] c = new long[used];
        for (int i = 0, k = 0; i < referenceCounts.length; i++) {
            if (referenceCounts[i] + currentCounts[i] > 0) {
                r[k] = referenceCounts[i];
                c[k++] = currentCounts[i];
            }
        }
        return new ChiSquareTest().chiSquareTestDataSetsComparison(r, c);
    }

    /** Counts as proportions of their total (all zero stays all zero). */
    public static double[] proportions(long[] counts) {
        long total = Arrays.stream(counts).sum();
        double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            p[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return p;
    }

    private static void requireSameBins(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("distributions over different bins (" + a.length + " and " + b.length + ")");
        }
    }
}
