package dev.aiim.incident.rest;

import dev.aiim.incident.domain.Incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A signal's evidence as a responder reads it: first in words (for a fairness monitor, the groups and their rates
 * against the threshold; for an alert, its summary), then the numbers, then the links the sender gave (generator,
 * runbook, dashboard). Unknown shapes still show their numbers and links.
 */
record SignalEvidence(String source, String summary, String detectedAt, List<String> words,
                      List<Fact> numbers, List<Link> links) {

    record Fact(String label, String value) {
    }

    record Link(String label, String href) {
    }

    private static final int MAX_FACTS = 40;

    static SignalEvidence of(Incident.Signal signal) {
        Map<String, Object> evidence = signal.evidence();
        List<String> words = new ArrayList<>();
        Object details = evidence.get("details");
        if ("FAIRNESS".equals(evidence.get("monitor")) && details instanceof Map<?, ?> fairness) {
            words.add(fairness(fairness, evidence.get("threshold")));
        } else if (evidence.get("monitor") != null) {
            words.add(String.format(Locale.ROOT, "%s monitor: %s of %s is %s against a threshold of %s",
                    lower(evidence.get("monitor")), evidence.get("metric"), evidence.get("subject"),
                    evidence.get("value"), evidence.get("threshold")));
        }
        if (evidence.get("alert") instanceof Map<?, ?> alert && alert.get("annotations") instanceof Map<?, ?> notes) {
            for (String key : List.of("summary", "description")) {
                if (notes.get(key) != null) {
                    words.add(String.valueOf(notes.get(key)));
                }
            }
        }
        if (evidence.get("concern") != null) {
            words.add("Reported: " + evidence.get("concern") + (evidence.get("description") == null ? ""
                    : ". \"" + evidence.get("description") + "\""));
        }
        List<Fact> numbers = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        flatten("", evidence, numbers, links);
        return new SignalEvidence(signal.source().name(), signal.summary(),
                ConsolePage.SHOWN.format(signal.detectedAt()),
                words, numbers.size() > MAX_FACTS ? numbers.subList(0, MAX_FACTS) : numbers, links);
    }

    /** "Group 60+ (age_band) favoured at 5.0 % against 53.0 % for 26-59: 0.09 of the best group; threshold 0.8 ...". */
    private static String fairness(Map<?, ?> d, Object threshold) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Group %s (%s) favoured at %s against %s for %s: %s of the best group's rate, threshold %s",
                d.get("group"), d.get("attribute"), percent(d.get("selectionRate")),
                percent(d.get("referenceSelectionRate")), d.get("referenceGroup"), d.get("disparateImpact"),
                threshold));
        if (d.get("sampleSizes") instanceof Map<?, ?> sizes) {
            text.append("; decisions: ");
            List<String> parts = new ArrayList<>();
            sizes.forEach((group, n) -> parts.add(n + " for " + group));
            text.append(String.join(", ", parts));
        }
        if (d.get("pValue") != null) {
            text.append(String.format(Locale.ROOT, "; p-value %s (significance level %s)", d.get("pValue"),
                    d.get("alpha")));
        }
        return text.toString();
    }

    private static String percent(Object rate) {
        return rate instanceof Number n ? String.format(Locale.ROOT, "%.1f %%", n.doubleValue() * 100) : "?";
    }

    private static String lower(Object value) {
        return String.valueOf(value).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static void flatten(String prefix, Object value, List<Fact> numbers, List<Link> links) {
        if (value instanceof Map<?, ?> map) {
            new LinkedHashMap<>(map).forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k,
                    v, numbers, links));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size() && i < 20; i++) {
                flatten(prefix + "[" + i + "]", list.get(i), numbers, links);
            }
        } else if (value instanceof String text && (text.startsWith("https://") || text.startsWith("http://"))) {
            links.add(new Link(prefix, text));
        } else if (value != null) {
            numbers.add(new Fact(prefix, String.valueOf(value)));
        }
    }
}
