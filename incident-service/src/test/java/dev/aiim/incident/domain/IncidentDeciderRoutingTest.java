package dev.aiim.incident.domain;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The decider routes every command and every event of the sealed hierarchies to a phase: none is forgotten. */
class IncidentDeciderRoutingTest {

    @Test
    void every_command_has_a_decision() {
        assertThat(Arrays.stream(IncidentCommand.class.getPermittedSubclasses()).filter(t -> !IncidentDecider.handles(t)))
                .as("commands without a decision").isEmpty();
    }

    @Test
    void every_event_has_an_evolution() {
        assertThat(Arrays.stream(IncidentEvent.class.getPermittedSubclasses()).filter(t -> !IncidentDecider.handles(t)))
                .as("events without an evolution").isEmpty();
    }
}
