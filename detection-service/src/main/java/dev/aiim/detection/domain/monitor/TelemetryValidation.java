package dev.aiim.detection.domain.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks telemetry as it arrives, record by record, so a batch can be refused naming every bad record
 * and field, or accepted without them. Values are taken loosely typed (a prediction may be a class, a
 * number or a boolean) and turned into what the monitors read.
 */
public final class TelemetryValidation {

    public static final int MAX_BATCH = 10_000;
    static final int MAX_ID = 200;
    static final int MAX_TEXT = 1_000;
    static final int MAX_FEATURES = 500;
    static final int MAX_GROUPS = 20;
    /** Clocks drift; a prediction from further in the future than this is a mistake, not skew. */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    /** A prediction record as sent ({@code POST /predictions}); {@code label} is optional ground truth. */
    public record RawPrediction(String id, String timestamp, String modelVersion, Object prediction, Object score,
                                Object decision, Map<String, Object> features, Map<String, Object> groups,
                                Object latencyMs, Object error, Object label) {
    }

    /** Ground truth for an earlier prediction ({@code POST /labels}). */
    public record RawLabel(String predictionId, Object label) {
    }

    /** One thing wrong with one record: the field (relative to the record) and what is wrong. */
    public record FieldProblem(String field, String message) {
    }

    /** A record's fate: the prediction when valid, else what is wrong with it. */
    public record Checked(PredictionRecord record, List<FieldProblem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private TelemetryValidation() {
    }

    /** Every record checked; a record repeating an earlier one's id in the same batch is refused. */
    public static List<Checked> predictions(List<RawPrediction> records, Instant now) {
        List<Checked> checked = new ArrayList<>(records.size());
        Set<String> seen = new HashSet<>(records.size() * 2);
        for (RawPrediction raw : records) {
            Checked c = prediction(raw, now);
            if (c.valid() && !seen.add(c.record().id())) {
                c = new Checked(null, List.of(new FieldProblem("id", "repeats an earlier record's id in this batch")));
            }
            checked.add(c);
        }
        return checked;
    }

    public static Checked prediction(RawPrediction raw, Instant now) {
        if (raw == null) {
            return new Checked(null, List.of(new FieldProblem("", "must be a prediction record object")));
        }
        List<FieldProblem> p = new ArrayList<>(2);
        String id = raw.id();
        if (id == null || id.isBlank()) {
            p.add(new FieldProblem("id", "is required"));
        } else if (id.length() > MAX_ID) {
            p.add(new FieldProblem("id", "must be at most " + MAX_ID + " characters"));
        }
        Instant timestamp = instant(raw.timestamp(), "timestamp", p);
        if (timestamp != null && timestamp.isAfter(now.plus(FUTURE_SKEW))) {
            p.add(new FieldProblem("timestamp", "is more than 5 minutes ahead of the service's clock"));
        }
        String modelVersion = text(raw.modelVersion(), "modelVersion", 100, p);
        String prediction = scalar(raw.prediction(), "prediction", p);
        Double score = number(raw.score(), "score", p);
        if (prediction == null && score == null && !p.stream().anyMatch(f -> f.field().equals("prediction")
                || f.field().equals("score"))) {
            p.add(new FieldProblem("prediction", "is required unless a score is given"));
        }
        String decision = scalar(raw.decision(), "decision", p);
        Map<String, Object> features = features(raw.features(), p);
        Map<String, String> groups = groups(raw.groups(), p);
        Double latency = number(raw.latencyMs(), "latencyMs", p);
        if (latency != null && latency < 0) {
            p.add(new FieldProblem("latencyMs", "must not be negative"));
        }
        boolean error = false;
        if (raw.error() instanceof Boolean b) {
            error = b;
        } else if (raw.error() != null) {
            p.add(new FieldProblem("error", "must be true or false"));
        }
        String label = scalar(raw.label(), "label", p);
        if (!p.isEmpty()) {
            return new Checked(null, p);
        }
        return new Checked(new PredictionRecord(id, timestamp, modelVersion, prediction, score, decision, features,
                groups, latency, error, label), List.of());
    }

    /** Labels checked; as with predictions, one prediction labelled twice in a request is refused. */
    public static List<List<FieldProblem>> labels(List<RawLabel> labels) {
        List<List<FieldProblem>> all = new ArrayList<>(labels.size());
        Set<String> seen = new HashSet<>();
        for (RawLabel raw : labels) {
            List<FieldProblem> p = new ArrayList<>(1);
            if (raw == null) {
                p.add(new FieldProblem("", "must be a label object"));
            } else {
                if (raw.predictionId() == null || raw.predictionId().isBlank()) {
                    p.add(new FieldProblem("predictionId", "is required"));
                } else if (!seen.add(raw.predictionId())) {
                    p.add(new FieldProblem("predictionId", "is labelled twice in this request"));
                }
                String label = scalar(raw.label(), "label", p);
                if (label == null && p.stream().noneMatch(f -> f.field().equals("label"))) {
                    p.add(new FieldProblem("label", "is required"));
                }
            }
            all.add(p);
        }
        return all;
    }

    /** The label as the monitors compare it (text). */
    public static String labelText(RawLabel raw) {
        return scalar(raw.label(), "label", new ArrayList<>());
    }

    private static Instant instant(String value, String field, List<FieldProblem> p) {
        if (value == null || value.isBlank()) {
            p.add(new FieldProblem(field, "is required (ISO-8601, e.g. 2026-11-26T09:30:00Z)"));
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                p.add(new FieldProblem(field, "must be an ISO-8601 instant with an offset, e.g. 2026-11-26T09:30:00Z"));
                return null;
            }
        }
    }

    private static String text(Object value, String field, int max, List<FieldProblem> p) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            p.add(new FieldProblem(field, "must be text"));
            return null;
        }
        if (s.length() > max) {
            p.add(new FieldProblem(field, "must be at most " + max + " characters"));
            return null;
        }
        return s;
    }

    /** Text, a number or a boolean, as text (a class "1", a decision "approved"). */
    private static String scalar(Object value, String field, List<FieldProblem> p) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return text(s, field, MAX_ID, p);
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        p.add(new FieldProblem(field, "must be text, a number or a boolean"));
        return null;
    }

    private static Double number(Object value, String field, List<FieldProblem> p) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && !(value instanceof Boolean) && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        p.add(new FieldProblem(field, "must be a finite number"));
        return null;
    }

    /**
     * The features as the monitors read them (numbers as doubles, booleans as text), converted in place: the
     * map is the one just parsed from the request, and copying 10,000 of them per batch showed in profiles.
     */
    private static Map<String, Object> features(Map<String, Object> raw, List<FieldProblem> p) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        if (raw.size() > MAX_FEATURES) {
            p.add(new FieldProblem("features", "must have at most " + MAX_FEATURES + " entries"));
            return Map.of();
        }
        if (!(raw instanceof HashMap)) {
            raw = new HashMap<>(raw); // not one of the parser's own (mutable) maps
        }
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            if (v == null || v instanceof Double d && Double.isFinite(d) || v instanceof String s && s.length() <= MAX_TEXT) {
                continue;
            }
            if (v instanceof Number n && !(v instanceof Double) && Double.isFinite(n.doubleValue())) {
                e.setValue(n.doubleValue());
            } else if (v instanceof Boolean b) {
                e.setValue(b.toString());
            } else {
                p.add(new FieldProblem("features." + e.getKey(), "must be a finite number, text (at most " + MAX_TEXT
                        + " characters), a boolean or null"));
            }
        }
        return raw;
    }

    /** Group values as text, converted in place like the features; an attribute without a value is left out. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> groups(Map<String, Object> raw, List<FieldProblem> p) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        if (raw.size() > MAX_GROUPS) {
            p.add(new FieldProblem("groups", "must have at most " + MAX_GROUPS + " attributes"));
            return Map.of();
        }
        if (!(raw instanceof HashMap)) {
            raw = new HashMap<>(raw);
        }
        var entries = raw.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Object> e = entries.next();
            if (e.getValue() instanceof String text && text.length() <= MAX_ID) {
                continue;
            }
            String value = scalar(e.getValue(), "groups." + e.getKey(), p);
            if (value == null) {
                entries.remove();
            } else {
                e.setValue(value);
            }
        }
        return (Map) raw;
    }
}
