package dev.aiim.system.story;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The decisions a credit model sends as telemetry, one per second, seeded so every run sees the same
 * numbers. Creditworthiness follows income and debt only; each {@link Fault} is one of the playbook's
 * ways a model goes wrong while its service stays up.
 */
public final class CreditDecisions {

    /** What has gone wrong in the decisions (or nothing). */
    public enum Fault {
        NONE,
        /** The playbook's encoding change: age arrives in months and approvals of applicants aged 60+ collapse. */
        AGE_ENCODING_CHANGE,
        /** A retrained model scores everyone lower: its output distribution moves. */
        OUTPUT_SHIFT,
        /** An upstream join breaks: income arrives empty. */
        INCOME_MISSING
    }

    private static final String[] AGE_BANDS = {"18-25", "26-59", "60+"};
    private static final double[] AGE_BAND_SHARE = {0.3, 0.5, 0.2};
    private static final String[] REGIONS = {"north", "south", "east", "west"};

    private final Random random;
    private final String idPrefix;
    private final String modelVersion;
    private long sequence;

    public CreditDecisions(long seed, String idPrefix, String modelVersion) {
        this.random = new Random(seed);
        this.idPrefix = idPrefix;
        this.modelVersion = modelVersion;
    }

    /** One record per second of {@code [from, from + span)}, as {@code POST /predictions} takes them. */
    public List<Map<String, Object>> between(Instant from, Duration span, Fault fault) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (long s = 0; s < span.toSeconds(); s++) {
            records.add(decision(from.plusSeconds(s), fault));
        }
        return records;
    }

    /** How many of {@code records} denied an applicant aged 60+ (the decisions a remediation revisits). */
    public static long deniedOver60(List<Map<String, Object>> records) {
        return records.stream().filter(r -> "denied".equals(r.get("decision")))
                .filter(r -> "60+".equals(((Map<?, ?>) r.get("groups")).get("age_band"))).count();
    }

    private Map<String, Object> decision(Instant at, Fault fault) {
        String band = ageBand();
        double income = Math.exp(10.5 + 0.5 * random.nextGaussian());
        double debtRatio = Math.min(0.95, Math.max(0, 0.35 + 0.15 * random.nextGaussian()));
        double merit = (Math.log(income) - 10.5) / 0.5 - (debtRatio - 0.35) / 0.15;
        double seen = switch (fault) {
            case AGE_ENCODING_CHANGE -> band.equals("60+") ? merit - 2.0 : merit; // a 65-year-old read as 780
            case OUTPUT_SHIFT -> merit - 1.0;
            default -> merit;
        };
        double score = 1 / (1 + Math.exp(-(seen + 0.5 * random.nextGaussian())));
        boolean approved = score >= 0.5;
        String region = REGIONS[random.nextInt(REGIONS.length)];
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("income", fault == Fault.INCOME_MISSING ? null : Math.round(income));
        features.put("debt_ratio", Math.round(debtRatio * 1000) / 1000.0);
        features.put("region", region);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", idPrefix + (sequence++));
        record.put("timestamp", at.toString());
        record.put("modelVersion", modelVersion);
        record.put("prediction", approved ? "1" : "0");
        record.put("score", Math.round(score * 10_000) / 10_000.0);
        record.put("decision", approved ? "approved" : "denied");
        record.put("features", features);
        record.put("groups", Map.of("age_band", band, "sex", random.nextBoolean() ? "F" : "M", "region", region));
        record.put("latencyMs", Math.round(40 + 10 * Math.abs(random.nextGaussian())));
        record.put("error", false);
        return record;
    }

    private String ageBand() {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < AGE_BANDS.length; i++) {
            cumulative += AGE_BAND_SHARE[i];
            if (u < cumulative) {
                return AGE_BANDS[i];
            }
        }
        return AGE_BANDS[AGE_BANDS.length - 1];
    }
}
