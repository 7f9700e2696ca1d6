package dev.aiim.detection.domain.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded, deterministic telemetry of a credit-scoring model at one decision per second. Until
 * {@code shiftAt} every age band is approved about as often; from then on the playbook's encoding change
 * hits applicants aged 60+: their age reaches the model in months, and their approvals collapse while the
 * other bands, four fifths of the traffic, go on as before. Game days replay it ({@link DrillReplay}); the
 * tests use it as the model's telemetry.
 */
public final class CreditScoringScenario {

    static final String[] AGE_BANDS = {"18-25", "26-59", "60+"};
    private static final double[] AGE_BAND_SHARE = {0.3, 0.5, 0.2};
    private static final String[] REGIONS = {"north", "south", "east", "west"};

    /** What goes wrong at {@code shiftAt}. */
    public enum Fault {
        /** The playbook's encoding change: approvals for 60+ collapse. */
        GROUP_COLLAPSE,
        /** A retrained model scores everyone lower: the output distribution moves. */
        OUTPUT_SHIFT,
        /** An upstream join breaks: income arrives empty. */
        INCOME_MISSING,
        /** A slower model version: latency about five times higher. */
        LATENCY_REGRESSION
    }

    private final Random random;
    private final Instant start;
    private final Instant shiftAt;
    private final Fault fault;
    private long sequence;

    public CreditScoringScenario(long seed, Instant start, Instant shiftAt) {
        this(seed, start, shiftAt, Fault.GROUP_COLLAPSE);
    }

    public CreditScoringScenario(long seed, Instant start, Instant shiftAt, Fault fault) {
        this.random = new Random(seed);
        this.start = start;
        this.shiftAt = shiftAt;
        this.fault = fault;
    }

    /** The records of {@code [from, from + span)}, one per second. */
    public List<PredictionRecord> between(Instant from, Duration span) {
        return between(from, span, 1);
    }

    /** The records of {@code [from, from + span)}, {@code perSecond} each second, evenly spaced. */
    public List<PredictionRecord> between(Instant from, Duration span, int perSecond) {
        List<PredictionRecord> records = new ArrayList<>();
        long step = 1000 / perSecond;
        for (long i = 0; i < span.toSeconds() * perSecond; i++) {
            records.add(next(from.plusMillis(i * step)));
        }
        return records;
    }

    private PredictionRecord next(Instant at) {
        String band = pick(AGE_BANDS, AGE_BAND_SHARE);
        double income = Math.exp(10.5 + 0.5 * random.nextGaussian());
        double debtRatio = Math.min(0.95, Math.max(0, 0.35 + 0.15 * random.nextGaussian()));
        // Creditworthiness depends on income and debt only, not on age: every band deserves approval alike.
        double merit = (Math.log(income) - 10.5) / 0.5 - (debtRatio - 0.35) / 0.15;
        boolean creditworthy = merit + 0.8 * random.nextGaussian() > 0;
        double modelSees = merit;
        boolean faulty = !at.isBefore(shiftAt);
        if (faulty && fault == Fault.GROUP_COLLAPSE && band.equals("60+")) {
            modelSees = merit - 2.0; // age in months: the model reads a 65-year-old as 780 and marks them down
        }
        if (faulty && fault == Fault.OUTPUT_SHIFT) {
            modelSees = merit - 1.0;
        }
        double score = 1 / (1 + Math.exp(-(modelSees + 0.5 * random.nextGaussian())));
        boolean approved = score >= 0.5;
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("income", faulty && fault == Fault.INCOME_MISSING ? null : Math.round(income));
        features.put("debt_ratio", Math.round(debtRatio * 1000) / 1000.0);
        features.put("region", REGIONS[random.nextInt(REGIONS.length)]);
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("age_band", band);
        groups.put("sex", random.nextBoolean() ? "F" : "M");
        groups.put("region", (String) features.get("region"));
        return new PredictionRecord("p-" + (sequence++), at, "credit-v7", approved ? "1" : "0", score,
                approved ? "approved" : "denied", features, groups,
                (faulty && fault == Fault.LATENCY_REGRESSION ? 5 : 1) * (40 + 10 * Math.abs(random.nextGaussian())),
                false, creditworthy ? "1" : "0");
    }

    private String pick(String[] values, double[] shares) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < values.length; i++) {
            cumulative += shares[i];
            if (u < cumulative) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    Instant start() {
        return start;
    }
}
