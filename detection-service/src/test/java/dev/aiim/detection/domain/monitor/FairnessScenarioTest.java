package dev.aiim.detection.domain.monitor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playbook's Tuesday, simulated: a day of stable credit decisions raises nothing, then the encoding
 * change makes approvals for applicants aged 60+ collapse and the fairness monitor raises within five
 * simulated minutes, naming the group. Windows of 5 minutes, evaluated every minute; raise after one
 * breaching window (a HIGH-risk system), as the service does.
 */
class FairnessScenarioTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration STEP = Duration.ofMinutes(1);

    private record Raise(Instant at, MonitorResult result) {
    }

    /** Runs the monitor over the scenario and answers the first raise at or after {@code from}, if any. */
    private static Raise firstRaise(CreditScoringScenario scenario, Instant until) {
        Deque<PredictionRecord> window = new ArrayDeque<>();
        Map<String, Hysteresis> states = new HashMap<>();
        for (Instant t = scenario.start(); t.isBefore(until); t = t.plus(STEP)) {
            window.addAll(scenario.between(t, STEP));
            Instant windowStart = t.plus(STEP).minus(WINDOW);
            while (!window.isEmpty() && window.peekFirst().timestamp().isBefore(windowStart)) {
                window.removeFirst();
            }
            List<MonitorResult> results = FairnessMonitor.evaluate(List.copyOf(window), FairnessMonitor.Settings.DEFAULTS);
            for (MonitorResult result : results) {
                Hysteresis before = states.getOrDefault(result.key(), Hysteresis.initial(1, 3));
                Hysteresis after = before.next(result.verdict());
                states.put(result.key(), after);
                if (after.changeFrom(before) == Hysteresis.Change.RAISED) {
                    return new Raise(t.plus(STEP), result);
                }
            }
        }
        return null;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void a_stable_day_raises_nothing(long seed) {
        Instant start = Instant.parse("2026-03-16T00:00:00Z");
        CreditScoringScenario stable = new CreditScoringScenario(seed, start, Instant.MAX);

        assertThat(firstRaise(stable, start.plus(Duration.ofHours(24)))).isNull();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17, 18, 19})
    void the_collapse_of_one_groups_approvals_is_raised_within_five_minutes_naming_the_group(long seed) {
        Instant start = Instant.parse("2026-03-17T08:00:00Z");
        Instant shift = start.plus(Duration.ofMinutes(30));
        CreditScoringScenario tuesday = new CreditScoringScenario(seed, start, shift);

        Raise raise = firstRaise(tuesday, shift.plus(Duration.ofMinutes(30)));

        assertThat(raise).as("the fairness monitor raised").isNotNull();
        assertThat(raise.at()).isAfter(shift).isBeforeOrEqualTo(shift.plus(Duration.ofMinutes(5)));
        assertThat(raise.result().subject()).isEqualTo("age_band");
        assertThat(raise.result().evidence()).containsEntry("group", "60+");
        assertThat(raise.result().value()).isLessThan(0.8);
        assertThat(raise.result().evidence().get("sampleSizes").toString()).contains("60+=");
    }
}
