package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.aiim.detection.domain.monitor.DistributionMonitors.insufficient;
import static dev.aiim.detection.domain.monitor.DistributionMonitors.verdict;

/**
 * Data quality per feature (missing share above the reference's, values out of the reference's range,
 * categories it never saw, a number turning into text), latency percentiles against an SLO, the error
 * rate's burn rate over paired windows, and classification quality against the reference's.
 */
public final class OperationalMonitors {

    /**
     * @param missingIncrease   missing share allowed above the reference's (0.10 = ten points)
     * @param outOfRangeShare   share of a numeric feature's values outside the reference range that breaches
     * @param unseenShare       share of a categorical feature's values never seen in the reference that breaches
     * @param latencyP95Ms      the latency SLO at p95
     * @param latencyP99Ms      the latency SLO at p99
     * @param errorSlo          the share of predictions that must succeed (0.999)
     * @param minBurnEvents     predictions needed in a burn-rate long window
     * @param relativeDrop      allowed drop of a quality metric below the reference's (0.2 = 20 %)
     * @param minLabelled       labelled predictions needed to judge quality
     */
    public record Settings(int minWindow, double missingIncrease, double outOfRangeShare, double unseenShare,
                           double latencyP95Ms, double latencyP99Ms, double errorSlo, long minBurnEvents,
                           double relativeDrop, int minLabelled, String positiveLabel) {

        public static final Settings DEFAULTS = new Settings(100, 0.10, 0.01, 0.01, 500, 1000, 0.999, 50, 0.2, 100, "1");
    }

    private OperationalMonitors() {
    }

    public static List<MonitorResult> dataQuality(List<PredictionRecord> window, ReferenceProfile reference, Settings s) {
        List<MonitorResult> results = new ArrayList<>();
        for (ReferenceProfile.FeatureProfile f : reference.features().values()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("feature", f.name());
            if (window.size() < s.minWindow()) {
                results.add(insufficient(MonitorKind.DATA_QUALITY, f.name(), "missing_share", f.missingShare()
                        + s.missingIncrease(), evidence, s.minWindow()));
                continue;
            }
            long missing = 0;
            long outOfRange = 0;
            long unseen = 0;
            long wrongType = 0;
            for (PredictionRecord r : window) {
                Object v = r.features().get(f.name());
                if (v == null) {
                    missing++;
                } else if (f.numeric()) {
                    if (!(v instanceof Number n)) {
                        wrongType++;
                    } else if (n.doubleValue() < f.min() || n.doubleValue() > f.max()) {
                        outOfRange++;
                    }
                } else if (v instanceof Number) {
                    wrongType++;
                } else if (!f.categoryCounts().containsKey(String.valueOf(v))) {
                    unseen++;
                }
            }
            double n = window.size();
            double missingShare = missing / n;
            evidence.put("missingShare", FairnessMonitor.round(missingShare));
            evidence.put("referenceMissingShare", FairnessMonitor.round(f.missingShare()));
            evidence.put("outOfRangeShare", FairnessMonitor.round(outOfRange / n));
            evidence.put("unseenCategoryShare", FairnessMonitor.round(unseen / n));
            evidence.put("wrongTypeValues", wrongType);
            evidence.put("windowRecords", window.size());
            String reason = null;
            if (wrongType > 0) {
                reason = "type changed: " + wrongType + " values are not " + (f.numeric() ? "numbers" : "text");
            } else if (missingShare > f.missingShare() + s.missingIncrease()) {
                reason = "missing share rose above the reference's by more than " + s.missingIncrease();
            } else if (outOfRange / n > s.outOfRangeShare()) {
                reason = "values outside the reference range [" + f.min() + ", " + f.max() + "]";
            } else if (unseen / n > s.unseenShare()) {
                reason = "categories the reference never had";
            }
            if (reason != null) {
                evidence.put("reason", reason);
            }
            results.add(new MonitorResult(MonitorKind.DATA_QUALITY, f.name(), verdict(reason != null), "missing_share",
                    missingShare, f.missingShare() + s.missingIncrease(), evidence));
        }
        return results;
    }

    public static MonitorResult latency(List<PredictionRecord> window, Settings s) {
        double[] latencies = window.stream().filter(r -> r.latencyMs() != null).mapToDouble(PredictionRecord::latencyMs)
                .sorted().toArray();
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (latencies.length < s.minWindow()) {
            return insufficient(MonitorKind.LATENCY, "latency", "p99_ms", s.latencyP99Ms(), evidence, s.minWindow());
        }
        double p95 = percentile(latencies, 95);
        double p99 = percentile(latencies, 99);
        evidence.put("p95Ms", FairnessMonitor.round(p95));
        evidence.put("p99Ms", FairnessMonitor.round(p99));
        evidence.put("sloP95Ms", s.latencyP95Ms());
        evidence.put("sloP99Ms", s.latencyP99Ms());
        evidence.put("windowRecords", latencies.length);
        return new MonitorResult(MonitorKind.LATENCY, "latency", verdict(p95 > s.latencyP95Ms() || p99 > s.latencyP99Ms()),
                "p99_ms", p99, s.latencyP99Ms(), evidence);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Predictions and errors in the four burn-rate windows ending at one instant. */
    public record ErrorWindows(BurnRate.Window oneHour, BurnRate.Window fiveMinutes, BurnRate.Window sixHours,
                               BurnRate.Window thirtyMinutes) {

        /** Counted from the records themselves (the service counts them per minute instead). */
        public static ErrorWindows of(List<PredictionRecord> lastSixHours, Instant now) {
            return new ErrorWindows(window(lastSixHours, now, Duration.ofHours(1)),
                    window(lastSixHours, now, Duration.ofMinutes(5)), window(lastSixHours, now, Duration.ofHours(6)),
                    window(lastSixHours, now, Duration.ofMinutes(30)));
        }

        private static BurnRate.Window window(List<PredictionRecord> records, Instant now, Duration span) {
            Instant from = now.minus(span);
            long total = 0;
            long bad = 0;
            for (PredictionRecord r : records) {
                if (!r.timestamp().isBefore(from) && !r.timestamp().isAfter(now)) {
                    total++;
                    bad += r.error() ? 1 : 0;
                }
            }
            return new BurnRate.Window(bad, total);
        }
    }

    /** The error rate's burn rate, from the last six hours of predictions up to {@code now}. */
    public static MonitorResult errorRate(List<PredictionRecord> lastSixHours, Instant now, Settings s) {
        return errorRate(ErrorWindows.of(lastSixHours, now), s);
    }

    public static MonitorResult errorRate(ErrorWindows w, Settings s) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("slo", s.errorSlo());
        evidence.put("burnRate1h", FairnessMonitor.round(BurnRate.of(w.oneHour().bad(), w.oneHour().total(), s.errorSlo())));
        evidence.put("burnRate5m", FairnessMonitor.round(BurnRate.of(w.fiveMinutes().bad(), w.fiveMinutes().total(),
                s.errorSlo())));
        evidence.put("burnRate6h", FairnessMonitor.round(BurnRate.of(w.sixHours().bad(), w.sixHours().total(),
                s.errorSlo())));
        evidence.put("burnRate30m", FairnessMonitor.round(BurnRate.of(w.thirtyMinutes().bad(), w.thirtyMinutes().total(),
                s.errorSlo())));
        evidence.put("errors1h", w.oneHour().bad());
        evidence.put("predictions1h", w.oneHour().total());
        if (w.sixHours().total() < s.minBurnEvents()) {
            return insufficient(MonitorKind.ERROR_RATE, "errors", "burn_rate_1h", 14.4, evidence, (int) s.minBurnEvents());
        }
        String rule = BurnRate.breachedRule(w.oneHour(), w.fiveMinutes(), w.sixHours(), w.thirtyMinutes(), s.errorSlo(),
                s.minBurnEvents());
        if (rule != null) {
            evidence.put("rule", rule);
        }
        return new MonitorResult(MonitorKind.ERROR_RATE, "errors", verdict(rule != null), "burn_rate_1h",
                BurnRate.of(w.oneHour().bad(), w.oneHour().total(), s.errorSlo()), 14.4, evidence);
    }

    /**
     * The dead-man's switch: a system that has sent telemetry and then sends none for longer than
     * {@code silentAfter} breaches; records arriving again heal it. A system that never sent any is not judged.
     */
    public static MonitorResult heartbeat(Instant at, @Nullable Instant lastTelemetryAt, Duration silentAfter) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("silentAfter", silentAfter.toString());
        if (lastTelemetryAt == null) {
            evidence.put("reason", "no telemetry received yet: the heartbeat is judged once the system sends some");
            return new MonitorResult(MonitorKind.HEARTBEAT, "telemetry", Hysteresis.Verdict.INSUFFICIENT_DATA,
                    "silent_seconds", Double.NaN, silentAfter.toSeconds(), evidence);
        }
        long silent = Math.max(0, Duration.between(lastTelemetryAt, at).toSeconds());
        evidence.put("lastTelemetryAt", lastTelemetryAt.toString());
        evidence.put("silentSeconds", silent);
        return new MonitorResult(MonitorKind.HEARTBEAT, "telemetry", verdict(silent > silentAfter.toSeconds()),
                "silent_seconds", silent, silentAfter.toSeconds(), evidence);
    }

    /** Accuracy, precision, recall and F1 of the labelled predictions against the reference's. */
    public static MonitorResult performance(List<PredictionRecord> window, List<PredictionRecord> reference, Settings s) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        ClassificationMetrics current = confusion(window, s.positiveLabel());
        ClassificationMetrics baseline = confusion(reference, s.positiveLabel());
        evidence.put("labelledRecords", current.total());
        evidence.put("referenceLabelledRecords", baseline.total());
        if (current.total() < s.minLabelled() || baseline.total() < s.minLabelled()) {
            return insufficient(MonitorKind.PERFORMANCE, "quality", "accuracy", Double.NaN, evidence, s.minLabelled());
        }
        Map<String, double[]> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", new double[] {current.accuracy(), baseline.accuracy()});
        metrics.put("precision", new double[] {current.precision(), baseline.precision()});
        metrics.put("recall", new double[] {current.recall(), baseline.recall()});
        metrics.put("f1", new double[] {current.f1(), baseline.f1()});
        double currentAuc = auc(window, s.positiveLabel());
        double referenceAuc = auc(reference, s.positiveLabel());
        if (!Double.isNaN(currentAuc) && !Double.isNaN(referenceAuc)) {
            metrics.put("auc", new double[] {currentAuc, referenceAuc});
        }
        String worst = "accuracy";
        double worstRatio = Double.MAX_VALUE;
        for (var e : metrics.entrySet()) {
            double[] v = e.getValue();
            evidence.put(e.getKey(), FairnessMonitor.round(v[0]));
            evidence.put("reference_" + e.getKey(), FairnessMonitor.round(v[1]));
            if (!Double.isNaN(v[0]) && !Double.isNaN(v[1]) && v[1] > 0 && v[0] / v[1] < worstRatio) {
                worstRatio = v[0] / v[1];
                worst = e.getKey();
            }
        }
        double[] w = metrics.get(worst);
        evidence.put("metric", worst);
        evidence.put("relativeDrop", FairnessMonitor.round(1 - worstRatio));
        return new MonitorResult(MonitorKind.PERFORMANCE, "quality", verdict(worstRatio < 1 - s.relativeDrop()), worst,
                w[0], w[1] * (1 - s.relativeDrop()), evidence);
    }

    /** ROC AUC of the labelled records that carry a score; NaN when there are none of one class. */
    private static double auc(List<PredictionRecord> records, String positive) {
        int n = 0;
        for (PredictionRecord r : records) {
            n += r.label() != null && r.score() != null ? 1 : 0;
        }
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        int i = 0;
        for (PredictionRecord r : records) {
            if (r.label() != null && r.score() != null) {
                scores[i] = r.score();
                labels[i++] = r.label().equalsIgnoreCase(positive);
            }
        }
        return n == 0 ? Double.NaN : ClassificationMetrics.auc(scores, labels);
    }

    private static ClassificationMetrics confusion(List<PredictionRecord> records, String positive) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (PredictionRecord r : records) {
            if (r.label() == null || r.prediction() == null) {
                continue;
            }
            boolean predicted = r.prediction().equalsIgnoreCase(positive);
            boolean actual = r.label().equalsIgnoreCase(positive);
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
        return new ClassificationMetrics(tp, fp, tn, fn);
    }
}
