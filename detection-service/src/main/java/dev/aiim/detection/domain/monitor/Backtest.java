package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.detection.DetectionRaised;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A system's monitors replayed over stored telemetry, exactly as the scheduler would have evaluated them
 * (every {@code evaluateEvery}, the same window, the same hysteresis), without raising anything: it counts,
 * per monitor, the windows judged, the breaches and the detections that would have been raised, and when a
 * known fault began, how long the monitors took to see it.
 *
 * <p>Records are fed in time order ({@link #add}) and the window slides over them, so a day of telemetry is
 * read once, never held whole. Error-rate windows count the records per minute, with the service's
 * per-minute counts from before the first record ({@link #countMinute}), as in production.
 */
public final class Backtest {

    /** Detections listed per monitor at most; the count goes on. */
    public static final int LISTED_DETECTIONS = 100;
    private static final Duration ERROR_HISTORY = Duration.ofHours(6);

    public record Detection(Instant at, String subject, String summary, @Nullable String severity,
                            Map<String, Object> evidence) {
    }

    /** One monitor's count over the backtest; {@code windows} counts the windows it could judge. */
    public record Tally(int windows, int breaches, int detectionCount, List<Detection> detections) {
    }

    /**
     * @param detectionsBeforeFault detections raised before {@code faultStartedAt}: false alarms, if the fault
     *                              time is right
     */
    public record Result(int windows, long records, Map<MonitorKind, Tally> monitors,
                         @Nullable Instant firstDetectionAt,
                         @Nullable Long detectionDelaySeconds, int detectionsBeforeFault) {
    }

    private final AiSystem system;
    private final MonitorSettings settings;
    private final Set<MonitorKind> enabled;
    private final List<PredictionRecord> reference;
    private final ReferenceProfile profile;
    private final Map<String, Object> referenceContext;
    private final @Nullable Instant faultStartedAt;
    private final ArrayDeque<PredictionRecord> window = new ArrayDeque<>();
    private final TreeMap<Instant, long[]> minutes = new TreeMap<>();
    private final Map<String, MonitorRun.State> states = new HashMap<>();
    private final Map<MonitorKind, int[]> counts = new EnumMap<>(MonitorKind.class);
    private final Map<MonitorKind, List<Detection>> detections = new EnumMap<>(MonitorKind.class);
    private final AtomicLong ids = new AtomicLong();
    private @Nullable Instant lastRecordAt;
    private @Nullable Instant firstDetectionAt;
    private int detectionsBeforeFault;
    private int windows;
    private long records;

    /**
     * @param reference the reference records (null without a reference: drift, data quality and performance are
     *                  then not evaluated, as in production)
     */
    public Backtest(AiSystem system, MonitorSettings settings, @Nullable List<PredictionRecord> reference,
                    @Nullable ReferenceProfile profile, Map<String, Object> referenceContext,
                    @Nullable Instant faultStartedAt) {
        this.system = system;
        this.settings = settings;
        this.enabled = settings.enabled().isEmpty() ? EnumSet.noneOf(MonitorKind.class)
                : EnumSet.copyOf(settings.enabled());
        this.reference = reference;
        this.profile = profile;
        this.referenceContext = referenceContext;
        this.faultStartedAt = faultStartedAt;
    }

    /** The instants the scheduler would have evaluated at: every {@code every} after {@code from}, to {@code to}. */
    public static List<Instant> evaluationTimes(Instant from, Instant to, Duration every) {
        List<Instant> times = new ArrayList<>();
        for (Instant t = from.plus(every); !t.isAfter(to); t = t.plus(every)) {
            times.add(t);
        }
        return times;
    }

    /** The earliest record the first window can hold, for a time window; null for a count window. */
    public static @Nullable Instant readFrom(Instant from, MonitorSettings settings) {
        return settings.window().type() == MonitorSettings.WindowType.TIME
                ? from.plus(settings.evaluateEvery()).minus(settings.window().duration()) : null;
    }

    /** Records in time order; each is in the window until it slides out. */
    public void add(PredictionRecord record) {
        window.addLast(record);
        records++;
        if (lastRecordAt == null || record.timestamp().isAfter(lastRecordAt)) {
            lastRecordAt = record.timestamp();
        }
        long[] minute = minutes.computeIfAbsent(record.timestamp().truncatedTo(ChronoUnit.MINUTES), m -> new long[2]);
        minute[0]++;
        minute[1] += record.error() ? 1 : 0;
        if (settings.window().type() == MonitorSettings.WindowType.COUNT) {
            while (window.size() > settings.window().records()) {
                window.removeFirst();
            }
        }
    }

    /**
     * A minute's prediction and error counts from before the first record added (the service's per-minute
     * table), for the error rate's six-hour window.
     */
    public void countMinute(Instant minute, long predictions, long errors) {
        minutes.merge(minute.truncatedTo(ChronoUnit.MINUTES), new long[] {predictions, errors},
                (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
    }

    /** Evaluates every enabled monitor at {@code at} over the records added so far. */
    public void evaluateAt(Instant at) {
        if (settings.window().type() == MonitorSettings.WindowType.TIME) {
            Instant from = at.minus(settings.window().duration());
            while (!window.isEmpty() && window.peekFirst().timestamp().isBefore(from)) {
                window.removeFirst();
            }
        }
        while (window.size() > MonitorSettings.MAX_WINDOW_RECORDS) {
            window.removeFirst();
        }
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        minutes.headMap(minute.minus(ERROR_HISTORY)).clear();
        List<PredictionRecord> current = List.copyOf(window);
        OperationalMonitors.ErrorWindows errors = new OperationalMonitors.ErrorWindows(
                errors(minute, Duration.ofHours(1)), errors(minute, Duration.ofMinutes(5)),
                errors(minute, ERROR_HISTORY), errors(minute, Duration.ofMinutes(30)));
        List<MonitorResult> results = MonitorSuite.evaluate(new MonitorSuite.Evaluation(at, current, errors,
                profile == null ? null : reference, profile, lastRecordAt), settings.suite(), enabled);
        Instant windowFrom = current.isEmpty() ? null : current.get(0).timestamp();
        Map<String, Object> context = new LinkedHashMap<>();
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("type", settings.window().type().name());
        w.put("from", windowFrom == null ? null : windowFrom.toString());
        w.put("to", current.isEmpty() ? null : current.get(current.size() - 1).timestamp().toString());
        w.put("records", current.size());
        context.put("window", w);
        if (profile != null) {
            context.put("reference", referenceContext);
        }
        context.put("backtest", true);
        MonitorRun.Outcome outcome = MonitorRun.apply(new MonitorRun.Run(system, settings, at, "", false, context,
                windowFrom), states, results, () -> "backtest-" + ids.incrementAndGet());
        outcome.states().forEach(s -> states.put(s.key(), s));
        windows++;
        // Per monitor, this window counts once: judged if any subject was, breaching if any subject breached.
        Set<MonitorKind> judged = EnumSet.noneOf(MonitorKind.class);
        Set<MonitorKind> breached = EnumSet.noneOf(MonitorKind.class);
        for (MonitorResult r : results) {
            counts.computeIfAbsent(r.monitor(), k -> new int[3]);
            if (r.verdict() != Hysteresis.Verdict.INSUFFICIENT_DATA) {
                judged.add(r.monitor());
            }
            if (r.verdict() == Hysteresis.Verdict.BREACH) {
                breached.add(r.monitor());
            }
        }
        judged.forEach(m -> counts.get(m)[0]++);
        breached.forEach(m -> counts.get(m)[1]++);
        for (DetectionRaised d : outcome.raised()) {
            MonitorKind monitor = MonitorKind.valueOf(String.valueOf(d.evidence().get("monitor")));
            counts.computeIfAbsent(monitor, k -> new int[3])[2]++;
            List<Detection> listed = detections.computeIfAbsent(monitor, k -> new ArrayList<>());
            if (listed.size() < LISTED_DETECTIONS) {
                listed.add(new Detection(at, String.valueOf(d.evidence().get("subject")), d.summary(),
                        d.suggestedSeverity() == null ? null : d.suggestedSeverity().name(), d.evidence()));
            }
            if (faultStartedAt != null && at.isBefore(faultStartedAt)) {
                detectionsBeforeFault++;
            } else if (firstDetectionAt == null) {
                firstDetectionAt = at;
            }
        }
    }

    public int windows() {
        return windows;
    }

    public Result result() {
        Map<MonitorKind, Tally> monitors = new EnumMap<>(MonitorKind.class);
        counts.forEach((monitor, c) -> monitors.put(monitor, new Tally(c[0], c[1], c[2],
                List.copyOf(detections.getOrDefault(monitor, List.of())))));
        Long delay = firstDetectionAt == null || faultStartedAt == null ? null
                : Duration.between(faultStartedAt, firstDetectionAt).toSeconds();
        return new Result(windows, records, monitors, firstDetectionAt, delay, detectionsBeforeFault);
    }

    private BurnRate.Window errors(Instant minute, Duration span) {
        long total = 0;
        long bad = 0;
        for (long[] c : minutes.subMap(minute.minus(span), true, minute, true).values()) {
            total += c[0];
            bad += c[1];
        }
        return new BurnRate.Window(bad, total);
    }
}
