package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.aisystem.RiskTier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Harm that falls on an intersection: approval rates of 75 % (under 60, women), 50 % (under 60, men), 70 %
 * (60+, men) and 35 % (60+, women), 500 decisions each. By age alone 62.5 % against 52.5 % (0.84); by sex
 * alone 60 % against 55 % (0.92): neither fails the four-fifths rule. Older women are approved at 0.47 of
 * the most favoured group's rate.
 */
class IntersectionalFairnessTest {

    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void older_women_are_caught_only_when_the_pair_is_configured_and_the_evidence_names_the_intersection() {
        List<PredictionRecord> window = new ArrayList<>();
        cell(window, "18-59", "F", 500, 375);
        cell(window, "18-59", "M", 500, 250);
        cell(window, "60+", "M", 500, 350);
        cell(window, "60+", "F", 500, 175);

        List<MonitorResult> alone = FairnessMonitor.evaluate(window, FairnessMonitor.Settings.DEFAULTS);
        assertThat(alone).extracting(MonitorResult::subject).containsExactly("age_band", "sex");
        assertThat(alone).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Hysteresis.Verdict.HEALTHY));
        assertThat(alone.get(0).value()).isEqualTo(0.525 / 0.625);

        FairnessMonitor.Settings d = FairnessMonitor.Settings.DEFAULTS;
        FairnessMonitor.Settings paired = new FairnessMonitor.Settings(d.favourableDecisions(), d.positiveLabel(),
                d.minGroupSize(), d.disparateImpactThreshold(), d.alpha(), List.of(List.of("age_band", "sex")),
                d.multipleTesting());
        List<MonitorResult> results = FairnessMonitor.evaluate(window, paired);
        assertThat(results).extracting(MonitorResult::subject).containsExactly("age_band", "sex", "age_band x sex");
        MonitorResult intersection = results.get(2);
        assertThat(intersection.verdict()).isEqualTo(Hysteresis.Verdict.BREACH);
        assertThat(intersection.value()).isEqualTo(0.35 / 0.75);
        assertThat(intersection.evidence())
                .containsEntry("group", Map.of("age_band", "60+", "sex", "F"))
                .containsEntry("referenceGroup", Map.of("age_band", "18-59", "sex", "F"))
                .containsEntry("intersection", List.of("age_band", "sex"))
                .containsEntry("multipleTesting", "BENJAMINI_HOCHBERG")
                .containsEntry("testsInWindow", 5);
        assertThat((double) intersection.evidence().get("adjustedPValue"))
                .isGreaterThanOrEqualTo((double) intersection.evidence().get("pValue"))
                .isLessThan(d.alpha());
        // The two single attributes stay healthy beside it, and severity sees a protected attribute in the pair.
        assertThat(results.subList(0, 2)).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Hysteresis.Verdict.HEALTHY));
        assertThat(MonitorSettings.defaults().isProtected("age_band x sex")).isTrue();
        assertThat(MonitorSettings.defaults().isProtected("region x channel")).isFalse();
        assertThat(MonitorRun.summary(MonitorRunTest.system(RiskTier.HIGH), intersection))
                .contains("age_band x sex group 'age_band=60+ & sex=F'");
    }

    @Test
    void equalised_odds_reports_the_true_and_false_positive_rate_gaps_once_labels_are_in() {
        List<PredictionRecord> window = new ArrayList<>();
        // group A: 50 positives of which 40 approved (TPR 0.8), 50 negatives of which 10 approved (FPR 0.2)
        labelled(window, "A", 50, 40, "1");
        labelled(window, "A", 50, 10, "0");
        // group B: TPR 30/50 = 0.6, FPR 20/50 = 0.4; the gaps are 0.2 and 0.2
        labelled(window, "B", 50, 30, "1");
        labelled(window, "B", 50, 20, "0");
        MonitorResult result = FairnessMonitor.evaluate(window, FairnessMonitor.Settings.DEFAULTS).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> odds = (Map<String, Object>) result.evidence().get("equalisedOdds");
        assertThat(odds).containsEntry("truePositiveRateGap", 0.2).containsEntry("falsePositiveRateGap", 0.2);
        assertThat(result.evidence()).containsEntry("equalOpportunityDifference", 0.2);
        // Without labels there is nothing to report.
        List<PredictionRecord> unlabelled = new ArrayList<>();
        cell(unlabelled, "18-59", "F", 100, 50);
        cell(unlabelled, "60+", "F", 100, 50);
        assertThat(FairnessMonitor.evaluate(unlabelled, FairnessMonitor.Settings.DEFAULTS).get(0).evidence())
                .doesNotContainKey("equalisedOdds");
    }

    private static void cell(List<PredictionRecord> window, String ageBand, String sex, int decisions, int approved) {
        for (int i = 0; i < decisions; i++) {
            window.add(new PredictionRecord(ageBand + sex + i, AT, null, null, null, i < approved ? "approved" : "denied",
                    Map.of(), Map.of("age_band", ageBand, "sex", sex), null, false, null));
        }
    }

    private static void labelled(List<PredictionRecord> window, String group, int decisions, int approved, String label) {
        for (int i = 0; i < decisions; i++) {
            window.add(new PredictionRecord(group + label + i, AT, null, null, null, i < approved ? "approved" : "denied",
                    Map.of(), Map.of("group", group), null, false, label));
        }
    }
}
