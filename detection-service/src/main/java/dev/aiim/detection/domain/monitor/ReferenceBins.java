package dev.aiim.detection.domain.monitor;

import java.util.Arrays;

/**
 * Bin edges frozen from the reference sample (its deciles by default), with an underflow and an
 * overflow bin, so every window is binned the same way and compared with the same reference
 * proportions (NannyML's approach) without keeping the raw reference around.
 */
public record ReferenceBins(double[] edges, long[] referenceCounts) {

    /** Equal-frequency edges from the reference's quantiles; duplicate edges (discrete values) collapse. */
    public static ReferenceBins fromReference(double[] reference, int quantiles) {
        if (reference.length == 0) {
            throw new IllegalArgumentException("the reference has no values");
        }
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        double[] edges = new double[quantiles - 1];
        for (int k = 1; k < quantiles; k++) {
            edges[k - 1] = sorted[(int) Math.min(sorted.length - 1, Math.floor((double) k * sorted.length / quantiles))];
        }
        double[] distinct = Arrays.stream(edges).distinct().toArray();
        double[] withEnds = new double[distinct.length + 2];
        withEnds[0] = sorted[0];
        System.arraycopy(distinct, 0, withEnds, 1, distinct.length);
        withEnds[withEnds.length - 1] = Math.nextUp(sorted[sorted.length - 1]);
        double[] cleaned = Arrays.stream(withEnds).distinct().sorted().toArray();
        ReferenceBins empty = new ReferenceBins(cleaned, new long[cleaned.length + 1]);
        return new ReferenceBins(cleaned, empty.count(reference));
    }

    /**
     * Counts per bin: index 0 is below the reference minimum, the last index at or above its maximum,
     * and bin {@code i} holds {@code edges[i-1] <= x < edges[i]}.
     */
    public long[] count(double[] values) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            int at = Arrays.binarySearch(edges, v);
            int bin = at >= 0 ? at + 1 : -at - 1;
            counts[bin]++;
        }
        return counts;
    }

    public double[] referenceProportions() {
        return DriftStatistics.proportions(referenceCounts);
    }
}
