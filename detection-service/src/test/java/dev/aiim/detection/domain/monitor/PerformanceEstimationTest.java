package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.aisystem.RiskTier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * CBPE against values worked out by hand, and a model whose labels never arrive: inputs drifting to where it
 * is unsure lower its estimated performance, and the monitor says so. Also the heartbeat.
 */
class PerformanceEstimationTest {

    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");
    private static final PerformanceEstimation.Settings SETTINGS = PerformanceEstimation.Settings.DEFAULTS;

    @Test
    void the_expected_confusion_matrix_of_four_scores() {
        // scores 0.9, 0.8 predicted positive; 0.3, 0.2 negative.
        // TP = 0.9 + 0.8 = 1.7, FP = 0.1 + 0.2 = 0.3, FN = 0.3 + 0.2 = 0.5, TN = 0.7 + 0.8 = 1.5
        PerformanceEstimation.Expected e = PerformanceEstimation.estimate(List.of(scored(0.9, null), scored(0.8, null),
                scored(0.3, null), scored(0.2, null)), SETTINGS);
        assertThat(e.metric("accuracy")).isCloseTo(3.2 / 4, within(1e-12));
        assertThat(e.metric("precision")).isCloseTo(1.7 / 2.0, within(1e-12));
        assertThat(e.metric("recall")).isCloseTo(1.7 / 2.2, within(1e-12));
        assertThat(e.metric("f1")).isCloseTo(3.4 / 4.2, within(1e-12));
        // Expected ROC points (FPR, TPR) by descending score, positives 2.2 and negatives 1.8:
        // (0.1/1.8, 0.9/2.2), (0.3/1.8, 1.7/2.2), (1.0/1.8, 2.0/2.2), (1, 1); the trapezoids add up to 82/99.
        assertThat(e.metric("roc_auc")).isCloseTo(82.0 / 99, within(1e-12));
        // A stated prediction wins over the threshold: 0.6 predicted negative counts as FN 0.6, TN 0.4.
        PerformanceEstimation.Expected stated = PerformanceEstimation.estimate(List.of(scored(0.6, "0")), SETTINGS);
        assertThat(stated.falseNegatives()).isCloseTo(0.6, within(1e-12));
        assertThat(stated.trueNegatives()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void sampling_errors_follow_the_binomial_and_hanley_mcneil() {
        // Hanley and McNeil, A = 0.9, 50 positives and 50 negatives: Q1 = 0.9/1.1 = 0.818182,
        // Q2 = 1.62/1.9 = 0.852632; (0.09 + 49·0.008182 + 49·0.042632) / 2500 = 0.001032, root 0.032124
        assertThat(PerformanceEstimation.hanleyMcNeil(0.9, 50, 50)).isCloseTo(0.032124, within(1e-6));
        // sqrt(0.8 · 0.2 / 400) = 0.02
        assertThat(PerformanceEstimation.binomial(0.8, 400)).isCloseTo(0.02, within(1e-12));
    }

    @Test
    void expected_calibration_error_is_the_weighted_gap_between_score_and_outcome_per_bin() {
        // bin 0.8-0.9: scores 0.85 x4, 3 of 4 positive: gap 0.1; bin 0.1-0.2: 0.15 x4, 1 of 4 positive: gap 0.1
        List<PredictionRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(labelled(0.85, i < 3 ? "1" : "0"));
            records.add(labelled(0.15, i < 1 ? "1" : "0"));
        }
        assertThat(PerformanceEstimation.expectedCalibrationError(records, "1")).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void without_labels_a_shift_of_the_inputs_to_where_the_model_is_unsure_is_detected_as_an_estimated_drop() {
        Random random = new Random(42);
        List<PredictionRecord> reference = traffic(random, 5000, 1.0, true);
        for (int window = 0; window < 30; window++) {
            MonitorResult stable = PerformanceEstimation.evaluate(traffic(random, 300, 1.0, false), reference, SETTINGS);
            assertThat(stable.verdict()).as("stable window %d: %s", window, stable.evidence())
                    .isEqualTo(Hysteresis.Verdict.HEALTHY);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> calibration = (Map<String, Object>) PerformanceEstimation.evaluate(
                traffic(random, 300, 1.0, false), reference, SETTINGS).evidence().get("calibration");
        assertThat((double) calibration.get("expectedCalibrationError")).isLessThan(SETTINGS.calibrationTolerance());
        assertThat(calibration).doesNotContainKey("warning");

        // The applicants now sit near the decision boundary; none of them has a label.
        List<PredictionRecord> shifted = traffic(random, 300, 0.25, false);
        assertThat(shifted).allSatisfy(r -> assertThat(r.label()).isNull());
        MonitorResult drop = PerformanceEstimation.evaluate(shifted, reference, SETTINGS);
        assertThat(drop.verdict()).isEqualTo(Hysteresis.Verdict.BREACH);
        assertThat(drop.monitor()).isEqualTo(MonitorKind.ESTIMATED_PERFORMANCE);
        assertThat(drop.evidence()).containsEntry("estimated", true);
        assertThat(drop.value()).isLessThan(drop.threshold());
        assertThat(MonitorRun.summary(MonitorRunTest.system(RiskTier.HIGH), drop)).contains("estimated")
                .contains("without labels");
    }

    @Test
    void scores_that_are_not_calibrated_are_not_estimated_from_and_the_evidence_says_why() {
        Random random = new Random(3);
        List<PredictionRecord> calibrated = traffic(random, 3000, 1.0, true);
        // The same outcomes with every score cubed: far from the rate at which they come true.
        List<PredictionRecord> cubed = calibrated.stream().map(r -> new PredictionRecord(r.id(), r.timestamp(), null,
                r.prediction(), Math.pow(r.score(), 3), null, Map.of(), Map.of(), null, false, r.label())).toList();
        MonitorResult result = PerformanceEstimation.evaluate(traffic(random, 300, 0.25, false), cubed, SETTINGS);
        assertThat(result.verdict()).isEqualTo(Hysteresis.Verdict.INSUFFICIENT_DATA);
        assertThat((String) result.evidence().get("reason")).contains("not calibrated");
    }

    @Test
    void a_system_that_stops_sending_telemetry_breaches_its_heartbeat_and_heals_when_records_return() {
        Duration silentAfter = Duration.ofMinutes(3);
        assertThat(OperationalMonitors.heartbeat(AT, null, silentAfter).verdict())
                .isEqualTo(Hysteresis.Verdict.INSUFFICIENT_DATA);
        MonitorResult silent = OperationalMonitors.heartbeat(AT, AT.minus(Duration.ofMinutes(10)), silentAfter);
        assertThat(silent.verdict()).isEqualTo(Hysteresis.Verdict.BREACH);
        assertThat(silent.value()).isEqualTo(600);
        assertThat(OperationalMonitors.heartbeat(AT, AT.minus(Duration.ofMinutes(3)), silentAfter).verdict())
                .isEqualTo(Hysteresis.Verdict.HEALTHY);

        MonitorSettings settings = MonitorSettings.defaults();
        assertThat(settings.silentAfter()).isEqualTo(Duration.ofMinutes(3));
        MonitorRun.Run run = new MonitorRun.Run(MonitorRunTest.system(RiskTier.HIGH), settings, AT, "", false,
                Map.of(), null);
        MonitorRun.Outcome raised = MonitorRun.apply(run, Map.of(), List.of(silent), () -> "d-1");
        assertThat(raised.raised()).singleElement().satisfies(d -> {
            assertThat(d.category().name()).isEqualTo("AVAILABILITY");
            assertThat(d.summary()).contains("telemetry silent");
        });
        MonitorRun.Outcome healed = MonitorRun.apply(run, Map.of(raised.states().get(0).key(), raised.states().get(0)),
                List.of(OperationalMonitors.heartbeat(AT, AT, silentAfter)), () -> "d-2");
        assertThat(healed.resolved()).singleElement().satisfies(r -> assertThat(r.detectionId()).isEqualTo("d-1"));
    }

    /** A calibrated model: score = sigmoid(2x), x ~ N(0, spread); labels drawn from the score when asked. */
    private static List<PredictionRecord> traffic(Random random, int n, double spread, boolean labels) {
        List<PredictionRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double p = 1 / (1 + Math.exp(-2 * spread * random.nextGaussian()));
            String label = labels ? (random.nextDouble() < p ? "1" : "0") : null;
            records.add(new PredictionRecord("p" + i, AT, null, p >= 0.5 ? "1" : "0", p, null, Map.of(), Map.of(),
                    null, false, label));
        }
        return records;
    }

    private static PredictionRecord scored(double score, String prediction) {
        return new PredictionRecord("s", AT, null, prediction, score, null, Map.of(), Map.of(), null, false, null);
    }

    private static PredictionRecord labelled(double score, String label) {
        return new PredictionRecord("l", AT, null, null, score, null, Map.of(), Map.of(), null, false, label);
    }
}
