package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.monitor.FairnessStatistics.GroupOutcomes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fairness across each group attribute, and across each configured pair of attributes (an intersection such
 * as {@code age_band x sex}, whose groups are the combinations seen): a group breaches when its selection
 * rate is below {@code disparateImpactThreshold} of the most favoured group's (the four-fifths rule)
 * <em>and</em> the gap is statistically significant (two-proportion z-test of the group against the other
 * judged groups pooled). The p-values of every group compared in the window, over all attributes and
 * intersections, are adjusted together ({@code multipleTesting}, Benjamini-Hochberg by default) and judged
 * at {@code alpha}. Groups under {@code minGroupSize} decisions are reported, never judged. Where labels
 * have arrived, the gaps of equalised odds (true- and false-positive rates) are reported with them.
 *
 * <p>Why {@code alpha} defaults to 1e-5: evaluated every minute, one attribute makes about 1,400
 * comparisons a day, so an everyday 0.05 would cry wolf hourly. At 1e-5, ten simulated stable days of
 * the credit scenario raised nothing, and the collapse of one group's approvals was raised 3 to 5
 * minutes after it began (FairnessScenarioTest).
 */
public final class FairnessMonitor {

    /** Joins the attributes of an intersection in its subject: {@code age_band x sex}. */
    public static final String INTERSECTION = " x ";

    /**
     * @param favourableDecisions decisions (or, without one, predictions) that are the favourable outcome
     * @param positiveLabel       the ground-truth value meaning "deserved the favourable outcome"
     * @param intersections       pairs of group attributes judged together as well as alone
     * @param multipleTesting     how the p-values of the groups compared in one window are adjusted
     */
    public record Settings(Set<String> favourableDecisions, String positiveLabel, int minGroupSize,
                           double disparateImpactThreshold, double alpha, List<List<String>> intersections,
                           MultipleTesting multipleTesting) {

        public static final Settings DEFAULTS = new Settings(Set.of("approved", "approve", "accepted", "accept",
                "granted", "selected", "yes", "true", "1"), "1", 30, 0.8, 1e-5, List.of(),
                MultipleTesting.BENJAMINI_HOCHBERG);

        boolean favourable(PredictionRecord record) {
            String outcome = record.decision() != null ? record.decision() : record.prediction();
            return outcome != null && favourableDecisions.contains(outcome.toLowerCase(Locale.ROOT));
        }

        boolean positive(PredictionRecord record) {
            return record.label() != null && (record.label().equalsIgnoreCase(positiveLabel)
                    || favourableDecisions.contains(record.label().toLowerCase(Locale.ROOT)));
        }
    }

    /** The subject of an intersection's results. */
    public static String subject(List<String> attributes) {
        return String.join(INTERSECTION, attributes);
    }

    /** The attributes a subject is made of: one, or the pair of an intersection. */
    public static List<String> attributes(String subject) {
        return List.of(subject.split(INTERSECTION));
    }

    /** One group compared with the most favoured: its disparate impact and its test against the rest. */
    private record Comparison(GroupOutcomes group, double impact, FairnessStatistics.ZTest test) {
    }

    /** One attribute's (or intersection's) groups and their comparisons, waiting for the window's adjustment. */
    private record Attribute(String subject, List<GroupOutcomes> groups, @Nullable GroupOutcomes reference,
                             List<Comparison> comparisons) {
    }

    private FairnessMonitor() {
    }

    /** One result per group attribute seen in the window, then one per configured intersection seen. */
    public static List<MonitorResult> evaluate(List<PredictionRecord> window, Settings settings) {
        Map<String, Map<String, long[]>> byAttribute = new TreeMap<>();
        Map<String, Map<String, long[]>> byIntersection = new LinkedHashMap<>();
        // An intersection group's members by attribute, as the evidence names them.
        Map<String, Map<String, String>> members = new HashMap<>();
        List<List<String>> pairs = settings.intersections() == null ? List.of() : settings.intersections();
        for (PredictionRecord record : window) {
            boolean favourable = settings.favourable(record);
            boolean labelledPositive = settings.positive(record);
            boolean labelledNegative = record.label() != null && !labelledPositive;
            for (Map.Entry<String, String> g : record.groups().entrySet()) {
                count(byAttribute, g.getKey(), g.getValue(), favourable, labelledPositive, labelledNegative);
            }
            for (List<String> pair : pairs) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String attribute : pair) {
                    String value = record.groups().get(attribute);
                    if (value != null) {
                        values.put(attribute, value);
                    }
                }
                if (values.size() == pair.size()) {
                    String group = label(values);
                    members.putIfAbsent(group, values);
                    count(byIntersection, subject(pair), group, favourable, labelledPositive, labelledNegative);
                }
            }
        }
        List<Attribute> attributes = new ArrayList<>();
        byAttribute.forEach((attribute, groups) -> attributes.add(compare(attribute, groups, settings)));
        byIntersection.forEach((subject, groups) -> attributes.add(compare(subject, groups, settings)));
        double[] raw = attributes.stream().flatMap(a -> a.comparisons().stream())
                .mapToDouble(c -> c.test().pValue()).toArray();
        double[] adjusted = settings.multipleTesting().adjust(raw);
        List<MonitorResult> results = new ArrayList<>();
        int next = 0;
        for (Attribute attribute : attributes) {
            int count = attribute.comparisons().size();
            results.add(judge(attribute, Arrays.copyOfRange(adjusted, next, next + count), members, settings,
                    raw.length));
            next += count;
        }
        return results;
    }

    private static void count(Map<String, Map<String, long[]>> counts, String attribute, String group,
                              boolean favourable, boolean labelledPositive, boolean labelledNegative) {
        long[] c = counts.computeIfAbsent(attribute, a -> new TreeMap<>()).computeIfAbsent(group, g -> new long[6]);
        c[0]++;
        c[1] += favourable ? 1 : 0;
        c[2] += labelledPositive ? 1 : 0;
        c[3] += labelledPositive && favourable ? 1 : 0;
        c[4] += labelledNegative ? 1 : 0;
        c[5] += labelledNegative && favourable ? 1 : 0;
    }

    private static Attribute compare(String subject, Map<String, long[]> counts, Settings s) {
        List<GroupOutcomes> groups = new ArrayList<>();
        counts.forEach((group, c) -> groups.add(new GroupOutcomes(group, c[0], c[1], c[2], c[3], c[4], c[5])));
        var best = FairnessStatistics.mostFavoured(groups, s.minGroupSize());
        if (best.isEmpty() || best.get().selectionRate() == 0) {
            return new Attribute(subject, groups, null, List.of());
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (GroupOutcomes g : groups) {
            if (g.decisions() < s.minGroupSize() || g == best.get()) {
                continue;
            }
            // Significance against everyone else judged, pooled: no inflation from picking the best group.
            long othersDecisions = 0;
            long othersFavourable = 0;
            for (GroupOutcomes other : groups) {
                if (other != g && other.decisions() >= s.minGroupSize()) {
                    othersDecisions += other.decisions();
                    othersFavourable += other.favourable();
                }
            }
            comparisons.add(new Comparison(g, FairnessStatistics.disparateImpact(g, best.get()),
                    FairnessStatistics.twoProportionZTest(g.favourable(), g.decisions(), othersFavourable,
                            othersDecisions)));
        }
        return new Attribute(subject, groups, best.get(), comparisons);
    }

    private static MonitorResult judge(Attribute a, double[] adjusted, Map<String, Map<String, String>> members,
                                       Settings s, int tests) {
        boolean intersection = a.subject().contains(INTERSECTION);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("attribute", a.subject());
        if (intersection) {
            evidence.put("intersection", attributes(a.subject()));
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (GroupOutcomes g : a.groups()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", intersection ? members.get(g.group()) : g.group());
            row.put("decisions", g.decisions());
            row.put("favourable", g.favourable());
            row.put("selectionRate", round(g.selectionRate()));
            for (int i = 0; i < a.comparisons().size(); i++) {
                Comparison c = a.comparisons().get(i);
                if (c.group() == g) {
                    row.put("disparateImpact", round(c.impact()));
                    row.put("pValue", c.test().pValue());
                    row.put("adjustedPValue", adjusted[i]);
                }
            }
            groups.add(row);
        }
        evidence.put("groups", groups);
        evidence.put("minGroupSize", s.minGroupSize());
        if (a.comparisons().isEmpty()) {
            evidence.put("reason", "fewer than two groups with at least " + s.minGroupSize() + " decisions");
            return new MonitorResult(MonitorKind.FAIRNESS, a.subject(), Hysteresis.Verdict.INSUFFICIENT_DATA,
                    "disparate_impact", Double.NaN, s.disparateImpactThreshold(), evidence);
        }
        // The group reported: the worst that breaches, else the worst of all.
        int worst = -1;
        boolean breach = false;
        for (int i = 0; i < a.comparisons().size(); i++) {
            Comparison c = a.comparisons().get(i);
            boolean breaches = c.impact() < s.disparateImpactThreshold() && adjusted[i] < s.alpha();
            if (worst < 0 || (breaches && !breach) || (breaches == breach && c.impact() < a.comparisons()
                    .get(worst).impact())) {
                worst = i;
                breach |= breaches;
            }
        }
        Comparison judged = a.comparisons().get(worst);
        GroupOutcomes reference = a.reference();
        evidence.put("group", intersection ? members.get(judged.group().group()) : judged.group().group());
        evidence.put("selectionRate", round(judged.group().selectionRate()));
        evidence.put("referenceGroup", intersection ? members.get(reference.group()) : reference.group());
        evidence.put("referenceSelectionRate", round(reference.selectionRate()));
        evidence.put("disparateImpact", round(judged.impact()));
        evidence.put("demographicParityDifference",
                round(FairnessStatistics.demographicParityDifference(a.groups(), s.minGroupSize())));
        double eod = FairnessStatistics.equalOpportunityDifference(a.groups(), s.minGroupSize());
        if (!Double.isNaN(eod)) {
            evidence.put("equalOpportunityDifference", round(eod));
        }
        double fprGap = FairnessStatistics.falsePositiveRateDifference(a.groups(), s.minGroupSize());
        if (!Double.isNaN(eod) || !Double.isNaN(fprGap)) {
            Map<String, Object> odds = new LinkedHashMap<>();
            odds.put("truePositiveRateGap", MonitorRun.finite(round(eod)));
            odds.put("falsePositiveRateGap", MonitorRun.finite(round(fprGap)));
            odds.put("labelledGroups", a.groups().stream()
                    .filter(g -> g.labelledPositives() + g.labelledNegatives() > 0)
                    .map(g -> Map.of("group", intersection ? members.get(g.group()) : g.group(),
                            "truePositiveRate", rate(g.truePositiveRate()), "falsePositiveRate",
                            rate(g.falsePositiveRate()))).toList());
            evidence.put("equalisedOdds", odds);
        }
        evidence.put("zScore", round(judged.test().z()));
        evidence.put("pValue", judged.test().pValue());
        evidence.put("adjustedPValue", adjusted[worst]);
        evidence.put("alpha", s.alpha());
        evidence.put("multipleTesting", s.multipleTesting().name());
        evidence.put("testsInWindow", tests);
        evidence.put("sampleSizes", Map.of(judged.group().group(), judged.group().decisions(), reference.group(),
                reference.decisions()));
        return new MonitorResult(MonitorKind.FAIRNESS, a.subject(),
                breach ? Hysteresis.Verdict.BREACH : Hysteresis.Verdict.HEALTHY, "disparate_impact", judged.impact(),
                s.disparateImpactThreshold(), evidence);
    }

    /** An intersection group as people read it: {@code age_band=60+ & sex=F}. */
    public static String label(Map<?, ?> values) {
        StringBuilder label = new StringBuilder();
        values.forEach((attribute, value) -> label.append(label.isEmpty() ? "" : " & ").append(attribute).append('=')
                .append(value));
        return label.toString();
    }

    private static Object rate(double value) {
        return Double.isNaN(value) ? "n/a" : round(value);
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1e4) / 1e4;
    }
}
