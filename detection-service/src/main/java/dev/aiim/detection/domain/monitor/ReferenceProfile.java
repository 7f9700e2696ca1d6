package dev.aiim.detection.domain.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the drift and data-quality monitors compare a window with, computed once from the reference
 * records: the score's frozen bins, the predicted classes' mix, and per feature its kind, values (a
 * sorted numeric sample or category counts), range and missing share.
 */
public record ReferenceProfile(int records, ReferenceBins scoreBins, Map<String, Long> predictionCounts,
                               Map<String, FeatureProfile> features) {

    /** The largest numeric sample kept per feature (KS and Wasserstein on more add cost, not evidence). */
    static final int SAMPLE_LIMIT = 10_000;

    public record FeatureProfile(String name, boolean numeric, double[] sortedSample, double min, double max,
                                 Map<String, Long> categoryCounts, double missingShare) {
    }

    public static ReferenceProfile of(List<PredictionRecord> reference, List<String> featureNames) {
        double[] scores = reference.stream().filter(r -> r.score() != null).mapToDouble(PredictionRecord::score).toArray();
        ReferenceBins bins = scores.length == 0 ? null : ReferenceBins.fromReference(scores, 10);
        Map<String, Long> predictions = new TreeMap<>();
        reference.stream().filter(r -> r.prediction() != null)
                .forEach(r -> predictions.merge(r.prediction(), 1L, Long::sum));
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (String name : featureNames) {
            features.put(name, feature(name, reference));
        }
        return new ReferenceProfile(reference.size(), bins, predictions, features);
    }

    /** Every feature name present in the records, in first-seen order. */
    public static List<String> featureNames(List<PredictionRecord> records) {
        List<String> names = new ArrayList<>();
        for (PredictionRecord r : records) {
            for (String name : r.features().keySet()) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** At most {@code limit} values, evenly spaced through {@code values} (a sorted input stays sorted). */
    static double[] thin(double[] values, int limit) {
        if (values.length <= limit) {
            return values;
        }
        double[] thinned = new double[limit];
        for (int i = 0; i < limit; i++) {
            thinned[i] = values[(int) ((long) i * values.length / limit)];
        }
        return thinned;
    }

    private static FeatureProfile feature(String name, List<PredictionRecord> reference) {
        List<Double> numbers = new ArrayList<>();
        Map<String, Long> categories = new TreeMap<>();
        long missing = 0;
        for (PredictionRecord r : reference) {
            Object value = r.features().get(name);
            if (value == null) {
                missing++;
            } else if (value instanceof Number n) {
                numbers.add(n.doubleValue());
            } else {
                categories.merge(String.valueOf(value), 1L, Long::sum);
            }
        }
        boolean numeric = numbers.size() >= categories.values().stream().mapToLong(Long::longValue).sum();
        double[] sample = numbers.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sample);
        sample = thin(sample, SAMPLE_LIMIT);
        return new FeatureProfile(name, numeric, sample, sample.length == 0 ? Double.NaN : sample[0],
                sample.length == 0 ? Double.NaN : sample[sample.length - 1], categories,
                reference.isEmpty() ? 0 : (double) missing / reference.size());
    }
}
