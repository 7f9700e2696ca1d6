package dev.aiim.detection.domain.monitor;

import dev.aiim.detection.domain.monitor.CreditScoringScenario.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All monitors over the credit-scoring scenario: a reference period, then a stable day that must raise
 * nothing, or a fault that the right monitor must raise within minutes. Windows of 5 minutes evaluated
 * every minute; raise after 2 breaching windows, clear after 3 healthy ones (a STANDARD system).
 */
class MonitorScenarioTest {

    private static final Instant REFERENCE_START = Instant.parse("2026-03-15T00:00:00Z");
    private static final Instant START = Instant.parse("2026-03-16T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration STEP = Duration.ofMinutes(1);
    /** The scenario's system has a latency SLO of 150 ms at p95 and 300 ms at p99. */
    private static final MonitorSuite.Settings SETTINGS = new MonitorSuite.Settings(FairnessMonitor.Settings.DEFAULTS,
            DistributionMonitors.Settings.DEFAULTS, new OperationalMonitors.Settings(100, 0.10, 0.01, 0.01, 150, 300,
            0.999, 50, 0.2, 100, "1"), PerformanceEstimation.Settings.DEFAULTS, Duration.ofMinutes(3));

    private record Raise(Instant at, MonitorResult result) {
    }

    private static List<Raise> run(CreditScoringScenario scenario, Instant until) {
        List<PredictionRecord> reference = new CreditScoringScenario(1, REFERENCE_START, Instant.MAX)
                .between(REFERENCE_START, Duration.ofHours(2));
        ReferenceProfile profile = ReferenceProfile.of(reference, ReferenceProfile.featureNames(reference));
        Deque<PredictionRecord> sixHours = new ArrayDeque<>();
        Map<String, Hysteresis> states = new HashMap<>();
        List<Raise> raises = new ArrayList<>();
        for (Instant t = scenario.start(); t.isBefore(until); t = t.plus(STEP)) {
            sixHours.addAll(scenario.between(t, STEP));
            Instant now = t.plus(STEP);
            while (!sixHours.isEmpty() && sixHours.peekFirst().timestamp().isBefore(now.minus(Duration.ofHours(6)))) {
                sixHours.removeFirst();
            }
            List<PredictionRecord> window = sixHours.stream().filter(r -> !r.timestamp().isBefore(now.minus(WINDOW)))
                    .toList();
            var evaluation = MonitorSuite.Evaluation.of(now, window, List.copyOf(sixHours), reference, profile);
            for (MonitorResult result : MonitorSuite.evaluate(evaluation, SETTINGS)) {
                Hysteresis before = states.getOrDefault(result.key(), Hysteresis.initial(2, 3));
                Hysteresis after = before.next(result.verdict());
                states.put(result.key(), after);
                if (after.changeFrom(before) == Hysteresis.Change.RAISED) {
                    raises.add(new Raise(now, result));
                }
            }
        }
        return raises;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 23})
    void a_stable_day_raises_nothing_on_any_monitor(long seed) {
        List<Raise> raises = run(new CreditScoringScenario(seed, START, Instant.MAX), START.plus(Duration.ofHours(24)));

        assertThat(raises).extracting(r -> r.result().key() + " at " + r.at() + " " + r.result().evidence()).isEmpty();
    }

    @ParameterizedTest(name = "{0} is raised by {1}:{2}")
    @CsvSource({
            "OUTPUT_SHIFT, OUTPUT_DRIFT, score, 6",
            "INCOME_MISSING, DATA_QUALITY, income, 3",
            "LATENCY_REGRESSION, LATENCY, latency, 4",
            "GROUP_COLLAPSE, FAIRNESS, age_band, 6"})
    void each_fault_is_raised_by_its_monitor(Fault fault, MonitorKind monitor, String subject, int withinMinutes) {
        Instant shift = START.plus(Duration.ofMinutes(30));
        List<Raise> raises = run(new CreditScoringScenario(22, START, shift, fault), shift.plus(Duration.ofMinutes(20)));

        assertThat(raises).as("nothing before the fault").allMatch(r -> r.at().isAfter(shift));
        Raise raise = raises.stream().filter(r -> r.result().monitor() == monitor && r.result().subject().equals(subject))
                .findFirst().orElseThrow(() -> new AssertionError(monitor + ":" + subject + " never raised; raised: "
                        + raises.stream().map(r -> r.result().key()).toList()));
        assertThat(raise.at()).isBeforeOrEqualTo(shift.plus(Duration.ofMinutes(withinMinutes)));
        assertThat(raise.result().evidence()).isNotEmpty();
    }
}
