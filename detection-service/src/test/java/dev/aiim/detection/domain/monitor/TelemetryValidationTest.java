package dev.aiim.detection.domain.monitor;

import dev.aiim.detection.domain.monitor.TelemetryValidation.RawLabel;
import dev.aiim.detection.domain.monitor.TelemetryValidation.RawPrediction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryValidationTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static RawPrediction raw(String id, String timestamp, Object prediction, Object score) {
        return new RawPrediction(id, timestamp, "v7", prediction, score, null, Map.of("income", 52000, "region", "north"),
                Map.of("age_band", "60+", "over_50", true), 42, false, null);
    }

    @Test
    void a_valid_record_becomes_what_the_monitors_read() {
        TelemetryValidation.Checked c = TelemetryValidation.prediction(raw("p1", "2026-11-26T09:00:00+01:00", 1, 0.7), NOW);
        assertThat(c.problems()).isEmpty();
        assertThat(c.record().timestamp()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
        assertThat(c.record().prediction()).isEqualTo("1");
        assertThat(c.record().features()).containsEntry("income", 52000.0).containsEntry("region", "north");
        assertThat(c.record().groups()).containsEntry("over_50", "true");
        assertThat(c.record().latencyMs()).isEqualTo(42.0);
    }

    @Test
    void every_problem_of_a_record_is_named() {
        RawPrediction bad = new RawPrediction(" ", "2026-11-26T10:06:00Z", "v".repeat(101), null, "high", null,
                Map.of("x", List.of(1)), Map.of(), -1, "yes", null);
        assertThat(TelemetryValidation.prediction(bad, NOW).problems()).extracting(TelemetryValidation.FieldProblem::field)
                .containsExactly("id", "timestamp", "modelVersion", "score", "features.x", "latencyMs", "error");
        assertThat(TelemetryValidation.prediction(raw("p", "2026-11-26T09:00:00Z", null, null), NOW).problems())
                .extracting(TelemetryValidation.FieldProblem::field).containsExactly("prediction");
        assertThat(TelemetryValidation.prediction(raw("p", "2026-11-26T09:00:00Z", null, Double.NaN), NOW).problems())
                .extracting(TelemetryValidation.FieldProblem::field).containsExactly("score");
    }

    @Test
    void an_id_repeated_in_one_batch_is_refused_and_so_is_a_null_record() {
        List<TelemetryValidation.Checked> checked = TelemetryValidation.predictions(Arrays.asList(
                raw("p1", "2026-11-26T09:00:00Z", "1", null), null, raw("p1", "2026-11-26T09:00:01Z", "0", null)), NOW);
        assertThat(checked.get(0).valid()).isTrue();
        assertThat(checked.get(1).problems()).hasSize(1);
        assertThat(checked.get(2).problems()).extracting(TelemetryValidation.FieldProblem::message)
                .containsExactly("repeats an earlier record's id in this batch");
    }

    @Test
    void labels_need_a_prediction_id_and_a_label_once_each() {
        List<List<TelemetryValidation.FieldProblem>> problems = TelemetryValidation.labels(List.of(
                new RawLabel("p1", 1), new RawLabel("p1", "0"), new RawLabel(null, "1"), new RawLabel("p2", null)));
        assertThat(problems.get(0)).isEmpty();
        assertThat(problems.get(1)).extracting(TelemetryValidation.FieldProblem::field).containsExactly("predictionId");
        assertThat(problems.get(2)).extracting(TelemetryValidation.FieldProblem::field).containsExactly("predictionId");
        assertThat(problems.get(3)).extracting(TelemetryValidation.FieldProblem::field).containsExactly("label");
        assertThat(TelemetryValidation.labelText(new RawLabel("p1", 1))).isEqualTo("1");
    }
}
