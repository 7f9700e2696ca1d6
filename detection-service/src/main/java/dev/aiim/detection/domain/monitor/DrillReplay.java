package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.detection.DetectionRaised;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A game day's detection: a scenario's telemetry replayed minute by minute through the system's own monitor
 * settings (enabled monitors, window, raise-after), as the scheduler would evaluate it, until a monitor
 * raises or the time limit runs out. The detection is the one production would have sent, so the drill
 * tests the real configuration: a system whose fairness monitor is off misses the credit-model scenario.
 *
 * <p>The replay is deterministic for a seed, and only the times between records matter, so the time to
 * detect does not depend on where the timeline is placed: {@link #detect} replays once to learn it, then
 * places the fault that long before {@code now}, so the drill's detection happens now.
 */
public final class DrillReplay {

    /** What the replay found: the raised detection (empty when the monitors missed it) and its timing. */
    public record Outcome(Optional<DetectionRaised> detection, Instant faultAt, Duration timeToDetect, int evaluations) {
    }

    private static final Duration STEP = Duration.ofMinutes(1);
    private static final Duration REFERENCE = Duration.ofHours(1);
    private static final Duration LEAD_IN = Duration.ofMinutes(10);

    private DrillReplay() {
    }

    /**
     * Replays {@code fault} on {@code system} with {@code settings} for at most {@code limit} after the fault
     * began, timed so that a raise happens at {@code now} (a miss ends at {@code now}).
     */
    public static Outcome detect(AiSystem system, MonitorSettings settings, CreditScoringScenario.Fault fault, long seed,
                                 Instant now, Duration limit, Supplier<String> ids) {
        Outcome probe = replay(system, settings, fault, seed, now.minus(limit), limit, ids);
        if (probe.detection().isEmpty()) {
            return probe;
        }
        return replay(system, settings, fault, seed, now.minus(probe.timeToDetect()), probe.timeToDetect(), ids);
    }

    static Outcome replay(AiSystem system, MonitorSettings settings, CreditScoringScenario.Fault fault, long seed,
                          Instant faultAt, Duration limit, Supplier<String> ids) {
        Instant start = faultAt.minus(LEAD_IN);
        Instant referenceStart = start.minus(REFERENCE);
        List<PredictionRecord> reference = new CreditScoringScenario(seed + 1, referenceStart, Instant.MAX)
                .between(referenceStart, REFERENCE);
        ReferenceProfile profile = ReferenceProfile.of(reference, ReferenceProfile.featureNames(reference));
        CreditScoringScenario scenario = new CreditScoringScenario(seed, start, faultAt, fault);
        Set<MonitorKind> enabled = settings.enabled().isEmpty() ? EnumSet.noneOf(MonitorKind.class)
                : EnumSet.copyOf(settings.enabled());
        // every record so far: the replay spans well under the error-rate monitor's six hours
        Deque<PredictionRecord> replayed = new ArrayDeque<>();
        Map<String, MonitorRun.State> states = new HashMap<>();
        int evaluations = 0;
        for (Instant t = start; !t.isAfter(faultAt.plus(limit).minus(STEP)); t = t.plus(STEP)) {
            replayed.addAll(scenario.between(t, STEP));
            Instant at = t.plus(STEP);
            List<PredictionRecord> window = window(replayed, settings.window(), at);
            List<MonitorResult> results = MonitorSuite.evaluate(MonitorSuite.Evaluation.of(at, window,
                    List.copyOf(replayed), reference, profile), settings.suite(), enabled);
            evaluations++;
            Instant windowFrom = window.isEmpty() ? null : window.get(0).timestamp();
            MonitorRun.Outcome outcome = MonitorRun.apply(new MonitorRun.Run(system, settings, at, "", false,
                    context(settings, window, reference), windowFrom), states, results, ids);
            outcome.states().forEach(s -> states.put(s.key(), s));
            if (!outcome.raised().isEmpty() && at.isAfter(faultAt)) {
                // several monitors may see the fault in the same minute: the drill follows the most severe
                DetectionRaised first = outcome.raised().stream().min(Comparator.comparing(d ->
                        d.suggestedSeverity() == null ? Integer.MAX_VALUE : d.suggestedSeverity().ordinal())).orElseThrow();
                return new Outcome(Optional.of(first), faultAt, Duration.between(faultAt, at), evaluations);
            }
        }
        return new Outcome(Optional.empty(), faultAt, limit, evaluations);
    }

    private static List<PredictionRecord> window(Deque<PredictionRecord> records, MonitorSettings.Window w, Instant at) {
        if (w.type() == MonitorSettings.WindowType.COUNT) {
            List<PredictionRecord> all = List.copyOf(records);
            return all.subList(Math.max(0, all.size() - w.records()), all.size());
        }
        return records.stream().filter(r -> !r.timestamp().isBefore(at.minus(w.duration()))).toList();
    }

    private static Map<String, Object> context(MonitorSettings settings, List<PredictionRecord> window,
                                               List<PredictionRecord> reference) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("type", settings.window().type().name());
        w.put("from", window.isEmpty() ? null : window.get(0).timestamp().toString());
        w.put("to", window.isEmpty() ? null : window.get(window.size() - 1).timestamp().toString());
        w.put("records", window.size());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("window", w);
        context.put("reference", Map.of("source", "SIMULATION", "records", reference.size()));
        return context;
    }
}
