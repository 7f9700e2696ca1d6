package dev.aiim.detection.domain.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Performance without labels: confidence-based performance estimation (CBPE, after NannyML) for a binary
 * classifier whose score is a calibrated probability of the positive class. A record with score {@code p}
 * counts {@code p} of a positive and {@code 1 - p} of a negative, so the window's expected confusion matrix
 * (and from it accuracy, precision, recall, F1, and ROC AUC from the expected rates) is known before any
 * label arrives. Each estimate is compared with the same estimate on the reference; the monitor breaches
 * when an estimate falls below the reference's by more than {@code band} sampling errors at the window's
 * size. The evidence says these are estimates.
 *
 * <p>The estimate is only as good as the calibration: with at least {@code minLabelled} labelled reference
 * records the expected calibration error (10 equal-width bins) is checked, and above
 * {@code calibrationTolerance} the monitor does not judge and says why. Without labelled reference records
 * it judges, and warns that calibration was not checked.
 */
public final class PerformanceEstimation {

    /**
     * @param positiveLabel        the class the score is the probability of
     * @param threshold            the score from which a record without a prediction counts as predicted positive
     * @param metrics              the estimates judged (all five are reported)
     * @param band                 sampling errors below the reference's estimate that breach
     * @param minWindow            scored records a window needs
     * @param minLabelled          labelled reference records needed to check calibration
     * @param calibrationTolerance the largest expected calibration error estimates are made from
     */
    public record Settings(String positiveLabel, double threshold, List<String> metrics, double band, int minWindow,
                           int minLabelled, double calibrationTolerance) {

        public static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1", "roc_auc");
        public static final Settings DEFAULTS = new Settings("1", 0.5, List.of("roc_auc", "f1", "accuracy"), 3, 100,
                100, 0.05);
    }

    /** The expected confusion matrix of scored records: sums of probabilities, not counts. */
    public record Expected(double truePositives, double falsePositives, double trueNegatives, double falseNegatives,
                           double rocAuc) {

        public double records() {
            return truePositives + falsePositives + trueNegatives + falseNegatives;
        }

        public double positives() {
            return truePositives + falseNegatives;
        }

        public double negatives() {
            return falsePositives + trueNegatives;
        }

        public double predictedPositives() {
            return truePositives + falsePositives;
        }

        public double metric(String name) {
            return switch (name) {
                case "accuracy" -> (truePositives + trueNegatives) / records();
                case "precision" -> truePositives / predictedPositives();
                case "recall" -> truePositives / positives();
                case "f1" -> 2 * truePositives / (2 * truePositives + falsePositives + falseNegatives);
                case "roc_auc" -> rocAuc;
                default -> throw new IllegalArgumentException("unknown metric " + name);
            };
        }

        /**
         * The sampling error of a metric measured on a window of this size: binomial for the rates, over the
         * records each is a share of (F1 over the mean of predicted and actual positives, an approximation);
         * Hanley and McNeil (1982) for ROC AUC with the expected positives and negatives.
         */
        public double samplingError(String name) {
            double m = metric(name);
            return switch (name) {
                case "accuracy" -> binomial(m, records());
                case "precision" -> binomial(m, predictedPositives());
                case "recall" -> binomial(m, positives());
                case "f1" -> binomial(m, (predictedPositives() + positives()) / 2);
                case "roc_auc" -> hanleyMcNeil(m, positives(), negatives());
                default -> throw new IllegalArgumentException("unknown metric " + name);
            };
        }
    }

    private PerformanceEstimation() {
    }

    /** The expected confusion matrix and ROC AUC of the scored records (NaN AUC with fewer than two). */
    public static Expected estimate(List<PredictionRecord> records, Settings s) {
        double tp = 0;
        double fp = 0;
        double tn = 0;
        double fn = 0;
        double[] scores = new double[records.size()];
        int n = 0;
        for (PredictionRecord r : records) {
            if (r.score() == null) {
                continue;
            }
            double p = Math.min(1, Math.max(0, r.score()));
            boolean predictedPositive = r.prediction() != null ? r.prediction().equalsIgnoreCase(s.positiveLabel())
                    : p >= s.threshold();
            if (predictedPositive) {
                tp += p;
                fp += 1 - p;
            } else {
                fn += p;
                tn += 1 - p;
            }
            scores[n++] = p;
        }
        return new Expected(tp, fp, tn, fn, expectedAuc(Arrays.copyOf(scores, n)));
    }

    /**
     * ROC AUC from expected rates: records by descending score, each adding {@code p} to the true-positive and
     * {@code 1 - p} to the false-positive side; the area under that curve by trapezoids (ties taken together).
     */
    public static double expectedAuc(double[] scores) {
        if (scores.length < 2) {
            return Double.NaN;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double positives = 0;
        for (double p : sorted) {
            positives += p;
        }
        double negatives = sorted.length - positives;
        if (positives <= 0 || negatives <= 0) {
            return Double.NaN;
        }
        double area = 0;
        double tpr = 0;
        double fpr = 0;
        int i = sorted.length - 1;
        while (i >= 0) {
            double score = sorted[i];
            double tp = 0;
            double fp = 0;
            while (i >= 0 && sorted[i] == score) {
                tp += sorted[i];
                fp += 1 - sorted[i];
                i--;
            }
            double nextTpr = tpr + tp / positives;
            double nextFpr = fpr + fp / negatives;
            area += (nextFpr - fpr) * (tpr + nextTpr) / 2;
            tpr = nextTpr;
            fpr = nextFpr;
        }
        return area;
    }

    /** {@code sqrt(m (1 - m) / n)}; NaN without records. */
    static double binomial(double m, double n) {
        return n <= 0 || Double.isNaN(m) ? Double.NaN : Math.sqrt(m * (1 - m) / n);
    }

    /**
     * Hanley and McNeil (1982): {@code SE = sqrt((A(1-A) + (n1-1)(Q1-A²) + (n2-1)(Q2-A²)) / (n1 n2))} with
     * {@code Q1 = A/(2-A)}, {@code Q2 = 2A²/(1+A)}, n1 positives and n2 negatives.
     */
    static double hanleyMcNeil(double a, double positives, double negatives) {
        if (Double.isNaN(a) || positives <= 0 || negatives <= 0) {
            return Double.NaN;
        }
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        return Math.sqrt((a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
                / (positives * negatives));
    }

    /**
     * Expected calibration error of the labelled scored records: over 10 equal-width score bins, the records'
     * share times the gap between the mean score and the share labelled positive. NaN without labelled records.
     */
    public static double expectedCalibrationError(List<PredictionRecord> records, String positiveLabel) {
        double[] scoreSum = new double[10];
        long[] positives = new long[10];
        long[] counts = new long[10];
        long total = 0;
        for (PredictionRecord r : records) {
            if (r.score() == null || r.label() == null) {
                continue;
            }
            double p = Math.min(1, Math.max(0, r.score()));
            int bin = Math.min(9, (int) (p * 10));
            scoreSum[bin] += p;
            positives[bin] += r.label().equalsIgnoreCase(positiveLabel) ? 1 : 0;
            counts[bin]++;
            total++;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double error = 0;
        for (int b = 0; b < 10; b++) {
            if (counts[b] > 0) {
                double gap = Math.abs(scoreSum[b] / counts[b] - (double) positives[b] / counts[b]);
                error += (double) counts[b] / total * gap;
            }
        }
        return error;
    }

    /** The ESTIMATED_PERFORMANCE monitor's verdict on a window against the reference records. */
    public static MonitorResult evaluate(List<PredictionRecord> window, List<PredictionRecord> reference, Settings s) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("estimated", true);
        evidence.put("method", "CBPE (confidence-based performance estimation): expected values from calibrated"
                + " scores, not measured against labels");
        long labelled = reference.stream().filter(r -> r.score() != null && r.label() != null).count();
        Map<String, Object> calibration = new LinkedHashMap<>();
        calibration.put("labelledReferenceRecords", labelled);
        calibration.put("tolerance", s.calibrationTolerance());
        evidence.put("calibration", calibration);
        if (labelled >= s.minLabelled()) {
            double ece = expectedCalibrationError(reference, s.positiveLabel());
            calibration.put("expectedCalibrationError", FairnessMonitor.round(ece));
            if (ece > s.calibrationTolerance()) {
                calibration.put("warning", "The scores are not calibrated enough to estimate performance from"
                        + " (expected calibration error " + FairnessMonitor.round(ece) + " on the reference)");
                evidence.put("reason", calibration.get("warning"));
                return new MonitorResult(MonitorKind.ESTIMATED_PERFORMANCE, "estimated_quality",
                        Hysteresis.Verdict.INSUFFICIENT_DATA, s.metrics().get(0), Double.NaN, Double.NaN, evidence);
            }
        } else {
            calibration.put("warning", "Calibration not checked: fewer than " + s.minLabelled()
                    + " labelled reference records");
        }
        Expected current = estimate(window, s);
        Expected baseline = estimate(reference, s);
        evidence.put("windowScoredRecords", Math.round(current.records()));
        evidence.put("referenceScoredRecords", Math.round(baseline.records()));
        if (current.records() < s.minWindow() || baseline.records() < s.minWindow()) {
            return DistributionMonitors.insufficient(MonitorKind.ESTIMATED_PERFORMANCE, "estimated_quality",
                    s.metrics().get(0), Double.NaN, evidence, s.minWindow());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        String worst = null;
        double worstSigmas = Double.MAX_VALUE;
        double worstLower = Double.NaN;
        for (String name : Settings.METRICS) {
            double estimate = current.metric(name);
            double referenceEstimate = baseline.metric(name);
            // The band is the sampling error of a window of this size around the reference's estimate.
            double error = baseline.samplingError(name) * Math.sqrt(baseline.records() / current.records());
            double lower = referenceEstimate - s.band() * error;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("metric", name);
            row.put("estimate", MonitorRun.finite(FairnessMonitor.round(estimate)));
            row.put("referenceEstimate", MonitorRun.finite(FairnessMonitor.round(referenceEstimate)));
            row.put("samplingError", MonitorRun.finite(FairnessMonitor.round(error)));
            row.put("lowerBound", MonitorRun.finite(FairnessMonitor.round(lower)));
            row.put("upperBound", MonitorRun.finite(FairnessMonitor.round(referenceEstimate + s.band() * error)));
            boolean judged = s.metrics().contains(name) && !Double.isNaN(estimate) && error > 0;
            row.put("judged", judged);
            row.put("belowBand", judged && estimate < lower);
            rows.add(row);
            double sigmas = judged ? (estimate - referenceEstimate) / error : Double.NaN;
            if (judged && (worst == null || sigmas < worstSigmas)) {
                worst = name;
                worstSigmas = sigmas;
                worstLower = lower;
            }
        }
        evidence.put("metrics", rows);
        if (worst == null) {
            evidence.put("reason", "none of the judged metrics could be estimated on this window");
            return new MonitorResult(MonitorKind.ESTIMATED_PERFORMANCE, "estimated_quality",
                    Hysteresis.Verdict.INSUFFICIENT_DATA, s.metrics().get(0), Double.NaN, Double.NaN, evidence);
        }
        evidence.put("metric", worst);
        evidence.put("band", s.band());
        evidence.put("samplingErrorsFromReference", FairnessMonitor.round(worstSigmas));
        return new MonitorResult(MonitorKind.ESTIMATED_PERFORMANCE, "estimated_quality",
                DistributionMonitors.verdict(worstSigmas < -s.band()), "estimated_" + worst, current.metric(worst),
                worstLower, evidence);
    }
}
