package dev.aiim.detection.domain.monitor;

import dev.aiim.detection.domain.monitor.FairnessStatistics.GroupOutcomes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fairness across each group attribute: a group breaches when its selection rate is below
 * {@code disparateImpactThreshold} of the most favoured group's (the four-fifths rule) <em>and</em> the
 * gap is statistically significant (two-proportion z-test of the group against the other judged groups
 * pooled, {@code alpha} split across the groups compared). Groups under {@code minGroupSize} decisions
 * are reported, never judged.
 *
 * <p>Why {@code alpha} defaults to 1e-5: evaluated every minute, one attribute makes about 1,400
 * comparisons a day, so an everyday 0.05 would cry wolf hourly. At 1e-5, ten simulated stable days of
 * the credit scenario raised nothing, and the collapse of one group's approvals was raised 3 to 5
 * minutes after it began (FairnessScenarioTest).
 */
public final class FairnessMonitor {

    /**
     * @param favourableDecisions decisions (or, without one, predictions) that are the favourable outcome
     * @param positiveLabel       the ground-truth value meaning "deserved the favourable outcome"
     */
    public record Settings(Set<String> favourableDecisions, String positiveLabel, int minGroupSize,
                           double disparateImpactThreshold, double alpha) {

        public static final Settings DEFAULTS = new Settings(Set.of("approved", "approve", "accepted", "accept",
                "granted", "selected", "yes", "true", "1"), "1", 30, 0.8, 1e-5);

        boolean favourable(PredictionRecord record) {
            String outcome = record.decision() != null ? record.decision() : record.prediction();
            return outcome != null && favourableDecisions.contains(outcome.toLowerCase(Locale.ROOT));
        }

        boolean positive(PredictionRecord record) {
            return record.label() != null && (record.label().equalsIgnoreCase(positiveLabel)
                    || favourableDecisions.contains(record.label().toLowerCase(Locale.ROOT)));
        }
    }

    private FairnessMonitor() {
    }

    /** One result per group attribute seen in the window. */
    public static List<MonitorResult> evaluate(List<PredictionRecord> window, Settings settings) {
        Map<String, Map<String, long[]>> byAttribute = new TreeMap<>();
        for (PredictionRecord record : window) {
            boolean favourable = settings.favourable(record);
            boolean labelledPositive = settings.positive(record);
            record.groups().forEach((attribute, group) -> {
                long[] c = byAttribute.computeIfAbsent(attribute, a -> new TreeMap<>())
                        .computeIfAbsent(group, g -> new long[4]);
                c[0]++;
                c[1] += favourable ? 1 : 0;
                c[2] += labelledPositive ? 1 : 0;
                c[3] += labelledPositive && favourable ? 1 : 0;
            });
        }
        List<MonitorResult> results = new ArrayList<>();
        byAttribute.forEach((attribute, groups) -> {
            List<GroupOutcomes> outcomes = new ArrayList<>();
            groups.forEach((group, c) -> outcomes.add(new GroupOutcomes(group, c[0], c[1], c[2], c[3])));
            results.add(judge(attribute, outcomes, settings));
        });
        return results;
    }

    private static MonitorResult judge(String attribute, List<GroupOutcomes> groups, Settings s) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("attribute", attribute);
        evidence.put("groups", groups.stream().map(g -> Map.of("group", g.group(), "decisions", g.decisions(),
                "favourable", g.favourable(), "selectionRate", round(g.selectionRate()))).toList());
        evidence.put("minGroupSize", s.minGroupSize());
        var best = FairnessStatistics.mostFavoured(groups, s.minGroupSize());
        List<GroupOutcomes> compared = groups.stream()
                .filter(g -> g.decisions() >= s.minGroupSize() && best.isPresent() && g != best.get()).toList();
        if (best.isEmpty() || compared.isEmpty() || best.get().selectionRate() == 0) {
            evidence.put("reason", "fewer than two groups with at least " + s.minGroupSize() + " decisions");
            return new MonitorResult(MonitorKind.FAIRNESS, attribute, Hysteresis.Verdict.INSUFFICIENT_DATA,
                    "disparate_impact", Double.NaN, s.disparateImpactThreshold(), evidence);
        }
        GroupOutcomes reference = best.get();
        double alphaPerGroup = s.alpha() / compared.size();
        GroupOutcomes worst = null;
        double worstImpact = Double.MAX_VALUE;
        FairnessStatistics.ZTest worstTest = null;
        for (GroupOutcomes g : compared) {
            double impact = FairnessStatistics.disparateImpact(g, reference);
            if (impact < worstImpact) {
                worst = g;
                worstImpact = impact;
                // Significance against everyone else judged, pooled: no inflation from picking the best group.
                long othersDecisions = 0;
                long othersFavourable = 0;
                for (GroupOutcomes other : groups) {
                    if (other != g && other.decisions() >= s.minGroupSize()) {
                        othersDecisions += other.decisions();
                        othersFavourable += other.favourable();
                    }
                }
                worstTest = FairnessStatistics.twoProportionZTest(g.favourable(), g.decisions(), othersFavourable,
                        othersDecisions);
            }
        }
        boolean breach = worstImpact < s.disparateImpactThreshold() && worstTest.pValue() < alphaPerGroup;
        evidence.put("group", worst.group());
        evidence.put("selectionRate", round(worst.selectionRate()));
        evidence.put("referenceGroup", reference.group());
        evidence.put("referenceSelectionRate", round(reference.selectionRate()));
        evidence.put("disparateImpact", round(worstImpact));
        evidence.put("demographicParityDifference",
                round(FairnessStatistics.demographicParityDifference(groups, s.minGroupSize())));
        double eod = FairnessStatistics.equalOpportunityDifference(groups, s.minGroupSize());
        if (!Double.isNaN(eod)) {
            evidence.put("equalOpportunityDifference", round(eod));
        }
        evidence.put("zScore", round(worstTest.z()));
        evidence.put("pValue", worstTest.pValue());
        evidence.put("alpha", alphaPerGroup);
        evidence.put("sampleSizes", Map.of(worst.group(), worst.decisions(), reference.group(), reference.decisions()));
        return new MonitorResult(MonitorKind.FAIRNESS, attribute,
                breach ? Hysteresis.Verdict.BREACH : Hysteresis.Verdict.HEALTHY, "disparate_impact", worstImpact,
                s.disparateImpactThreshold(), evidence);
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1e4) / 1e4;
    }
}
