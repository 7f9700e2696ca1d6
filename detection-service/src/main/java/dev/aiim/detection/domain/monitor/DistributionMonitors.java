package dev.aiim.detection.domain.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Output drift (the model's scores by PSI on the reference's frozen bins, its classes by Jensen-Shannon)
 * and input drift (per feature: Kolmogorov-Smirnov or chi-square p-values when the reference or the
 * window has at most 1,000 records, normalised Wasserstein or Jensen-Shannon distances when both are
 * larger; the data set drifts when at least {@code driftShare} of the features do).
 *
 * <p>Evidently switches on the reference's size alone; here the window counts too, because a fixed 0.1
 * distance is within the noise of a 300-record window (a stable simulated day raised on heavy-tailed
 * income at 0.14). The p-value defaults to 0.001 because a monitor evaluated every minute tests each
 * feature about 1,400 times a day.
 */
public final class DistributionMonitors {

    /**
     * @param pValue          the level a feature's test is judged at, after {@code multipleTesting} adjusted the
     *                        window's p-values (under Benjamini-Hochberg, the false discovery rate)
     * @param multipleTesting how the p-values of the features tested in one window are adjusted
     */
    public record Settings(int minWindow, double psiThreshold, double jsThreshold, double pValue,
                           double wassersteinThreshold, int smallReference, double driftShare,
                           MultipleTesting multipleTesting) {

        public static final Settings DEFAULTS = new Settings(100, 0.25, 0.1, 0.001, 0.1, 1000, 0.5,
                MultipleTesting.BENJAMINI_HOCHBERG);
    }

    private DistributionMonitors() {
    }

    public static MonitorResult outputDrift(List<PredictionRecord> window, ReferenceProfile reference, Settings s) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("windowRecords", window.size());
        evidence.put("referenceRecords", reference.records());
        if (reference.scoreBins() != null) {
            double[] scores = window.stream().filter(r -> r.score() != null).mapToDouble(PredictionRecord::score).toArray();
            if (scores.length < s.minWindow()) {
                return insufficient(MonitorKind.OUTPUT_DRIFT, "score", "psi", s.psiThreshold(), evidence, s.minWindow());
            }
            double psi = DriftStatistics.psi(reference.scoreBins().referenceProportions(),
                    DriftStatistics.proportions(reference.scoreBins().count(scores)));
            evidence.put("metric", "psi");
            evidence.put("warnAt", 0.1);
            return new MonitorResult(MonitorKind.OUTPUT_DRIFT, "score", verdict(psi >= s.psiThreshold()), "psi", psi,
                    s.psiThreshold(), evidence);
        }
        List<String> predictions = window.stream().map(PredictionRecord::prediction).filter(Objects::nonNull).toList();
        long[][] counts = categoryCounts(reference.predictionCounts(), predictions);
        long[] ref = counts[0];
        long[] cur = counts[1];
        if (predictions.size() < s.minWindow() || ref.length == 0) {
            return insufficient(MonitorKind.OUTPUT_DRIFT, "prediction", "jensen_shannon", s.jsThreshold(), evidence,
                    s.minWindow());
        }
        double js = DriftStatistics.jensenShannonDistance(DriftStatistics.proportions(ref), DriftStatistics.proportions(cur));
        return new MonitorResult(MonitorKind.OUTPUT_DRIFT, "prediction", verdict(js >= s.jsThreshold()), "jensen_shannon",
                js, s.jsThreshold(), evidence);
    }

    public static MonitorResult inputDrift(List<PredictionRecord> window, ReferenceProfile reference, Settings s) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (window.size() < s.minWindow() || reference.features().isEmpty()) {
            return insufficient(MonitorKind.INPUT_DRIFT, "features", "share_drifted", s.driftShare(), evidence,
                    s.minWindow());
        }
        boolean small = reference.records() <= s.smallReference() || window.size() <= s.smallReference();
        List<Map<String, Object>> perFeature = new ArrayList<>();
        // Rows judged by a p-value wait for the window's other p-values: they are adjusted together.
        List<Map<String, Object>> tested = new ArrayList<>();
        List<Double> pValues = new ArrayList<>();
        for (ReferenceProfile.FeatureProfile f : reference.features().values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("feature", f.name());
            if (f.numeric()) {
                double[] values = numbers(window, f.name());
                if (values.length == 0 || f.sortedSample().length == 0) {
                    continue;
                }
                if (small) {
                    row.put("test", "ks");
                    pValues.add(DriftStatistics.ksPValue(f.sortedSample(), values));
                    tested.add(row);
                } else {
                    // The distance of a 10,000-value sample is within about 0.01 sd of the whole window's, a
                    // tenth of the threshold, and sorting it costs a fraction (it was most of an evaluation).
                    double w = DriftStatistics.normalizedWasserstein(f.sortedSample(),
                            ReferenceProfile.thin(values, ReferenceProfile.SAMPLE_LIMIT));
                    row.put("test", "wasserstein_normed");
                    row.put("value", FairnessMonitor.round(w));
                    row.put("drifted", w >= s.wassersteinThreshold());
                }
            } else {
                long[][] counts = categoryCounts(f.categoryCounts(), window.stream().map(r -> r.features().get(f.name()))
                        .filter(v -> v != null && !(v instanceof Number)).map(String::valueOf).toList());
                long[] ref = counts[0];
                long[] cur = counts[1];
                if (ref.length == 0) {
                    continue;
                }
                if (small) {
                    row.put("test", "chi_square");
                    pValues.add(DriftStatistics.chiSquarePValue(ref, cur));
                    tested.add(row);
                } else {
                    double js = DriftStatistics.jensenShannonDistance(DriftStatistics.proportions(ref),
                            DriftStatistics.proportions(cur));
                    row.put("test", "jensen_shannon");
                    row.put("value", FairnessMonitor.round(js));
                    row.put("drifted", js >= s.jsThreshold());
                }
            }
            perFeature.add(row);
        }
        double[] raw = pValues.stream().mapToDouble(Double::doubleValue).toArray();
        double[] adjusted = s.multipleTesting().adjust(raw);
        for (int i = 0; i < raw.length; i++) {
            Map<String, Object> row = tested.get(i);
            row.put("pValue", raw[i]);
            row.put("adjustedPValue", adjusted[i]);
            row.put("drifted", adjusted[i] < s.pValue());
        }
        int drifted = (int) perFeature.stream().filter(r -> (Boolean) r.get("drifted")).count();
        double share = perFeature.isEmpty() ? 0 : (double) drifted / perFeature.size();
        evidence.put("features", perFeature);
        evidence.put("driftedFeatures", perFeature.stream().filter(r -> (Boolean) r.get("drifted"))
                .map(r -> r.get("feature")).toList());
        if (raw.length > 0) {
            evidence.put("multipleTesting", s.multipleTesting().name());
            evidence.put("level", s.pValue());
        }
        evidence.put("windowRecords", window.size());
        evidence.put("referenceRecords", reference.records());
        return new MonitorResult(MonitorKind.INPUT_DRIFT, "features", verdict(share >= s.driftShare()), "share_drifted",
                share, s.driftShare(), evidence);
    }

    /** A feature's numeric values in the window (records without a number for it are left out). */
    private static double[] numbers(List<PredictionRecord> window, String feature) {
        double[] values = new double[window.size()];
        int n = 0;
        for (PredictionRecord r : window) {
            if (r.features().get(feature) instanceof Number number) {
                values[n++] = number.doubleValue();
            }
        }
        return n == values.length ? values : Arrays.copyOf(values, n);
    }

    /**
     * Reference and window counts over the same categories: the reference's, then those only the window
     * has (whose reference count is 0).
     */
    private static long[][] categoryCounts(Map<String, Long> reference, List<String> current) {
        Map<String, Integer> index = new LinkedHashMap<>();
        new TreeSet<>(reference.keySet()).forEach(c -> index.put(c, index.size()));
        current.forEach(c -> index.putIfAbsent(c, index.size()));
        long[] ref = new long[index.size()];
        long[] cur = new long[index.size()];
        index.forEach((category, i) -> ref[i] = reference.getOrDefault(category, 0L));
        current.forEach(c -> cur[index.get(c)]++);
        return new long[][] {ref, cur};
    }

    static Hysteresis.Verdict verdict(boolean breach) {
        return breach ? Hysteresis.Verdict.BREACH : Hysteresis.Verdict.HEALTHY;
    }

    static MonitorResult insufficient(MonitorKind kind, String subject, String metric, double threshold,
                                      Map<String, Object> evidence, int minimum) {
        evidence.put("reason", "fewer than " + minimum + " records in the window");
        return new MonitorResult(kind, subject, Hysteresis.Verdict.INSUFFICIENT_DATA, metric, Double.NaN, threshold,
                evidence);
    }
}
