package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.Person;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Given these events, when this command by this actor, then these events or this refusal. */
final class Scenario {

    static final String ID = "inc-1";
    static final Instant DETECTED = Instant.parse("2026-03-03T09:00:00Z");
    static final Instant NOW = DETECTED.plusSeconds(600);
    static final Actor COMMANDER = new Actor("commander", "Casey Commander", List.of("commander"));
    static final Actor RESPONDER = new Actor("responder", "Riley Responder", List.of("responder"));
    static final Actor SYSTEM = new Actor("incident-service", "Detection intake", List.of("system"));
    static final Actor LEADER = new Actor("leadership", "Lee Leader", List.of("leadership"));
    static final Person SENIOR = new Person("commander", "Casey Commander", "casey@example.com", true);
    static final Person JUNIOR = new Person("responder", "Riley Responder", "riley@example.com", false);

    private final List<IncidentEvent> given = new ArrayList<>();
    private Instant now = NOW;

    static Scenario given(IncidentEvent... events) {
        Scenario scenario = new Scenario();
        scenario.given.addAll(Arrays.asList(events));
        return scenario;
    }

    Scenario at(Instant now) {
        this.now = now;
        return this;
    }

    Incident state() {
        return given.isEmpty() ? null : IncidentDecider.fold(null, ID, given);
    }

    List<IncidentEvent> when(IncidentCommand command, Actor actor) {
        AtomicInteger ids = new AtomicInteger();
        return IncidentDecider.decide(state(), command, new CommandContext(actor, now, () -> "id-" + ids.incrementAndGet()));
    }

    List<IncidentEvent> when(IncidentCommand command) {
        return when(command, COMMANDER);
    }

    IncidentRefusal refused(IncidentCommand command, Actor actor) {
        IncidentRefusal refusal = catchThrowableOfType(IncidentRefusal.class, () -> when(command, actor));
        assertThat(refusal).as("refusal of %s", command).isNotNull();
        return refusal;
    }

    IncidentRefusal refused(IncidentCommand command) {
        return refused(command, COMMANDER);
    }

    /** The state after the given events and the events the command produced. */
    Incident after(IncidentCommand command, Actor actor) {
        return IncidentDecider.fold(state(), ID, when(command, actor));
    }

    Incident after(IncidentCommand command) {
        return after(command, COMMANDER);
    }

    // --- Events that set the scene

    static IncidentEvent.IncidentOpened opened(Severity suggested) {
        return new IncidentEvent.IncidentOpened("Approval rate for one group collapsed", "fairness monitor",
                IncidentCategory.BIAS_FAIRNESS, "credit-model", DetectionSource.MONITOR, suggested,
                DETECTED.minusSeconds(3600), DETECTED, "credit-model:BIAS_FAIRNESS", "det-1", false, COMMANDER, null,
                null);
    }

    static IncidentEvent.IncidentOpened opened() {
        return opened(Severity.SEV2);
    }

    static IncidentEvent.IncidentTriaged triaged(Severity severity) {
        return new IncidentEvent.IncidentTriaged(severity, "real harm", DETECTED.plusSeconds(60), COMMANDER);
    }

    static IncidentEvent.RoleAssigned commander(Person person) {
        return new IncidentEvent.RoleAssigned(dev.aiim.contracts.incident.IncidentRole.INCIDENT_COMMANDER, person, null,
                DETECTED.plusSeconds(30), COMMANDER);
    }

    static IncidentEvent.ContainmentActionRecorded rollback(boolean effective) {
        return new IncidentEvent.ContainmentActionRecorded("act-1", dev.aiim.contracts.incident.ContainmentType.ROLLBACK,
                "rolled back", "v41", null, null, effective, DETECTED.plusSeconds(120), RESPONDER, null, null);
    }

    static IncidentEvent.IncidentContained contained() {
        return new IncidentEvent.IncidentContained("rollback holds", DETECTED.plusSeconds(180), COMMANDER);
    }

    static IncidentEvent.ResolutionStepRecorded step(dev.aiim.contracts.incident.ResolutionStepKind kind) {
        return new IncidentEvent.ResolutionStepRecorded("step-" + kind, kind, kind.name(), null,
                kind == dev.aiim.contracts.incident.ResolutionStepKind.FIX_TESTED ? true : null,
                kind == dev.aiim.contracts.incident.ResolutionStepKind.FIX_TESTED ? true : null,
                DETECTED.plusSeconds(240), RESPONDER);
    }

    static IncidentEvent.IncidentResolved resolved() {
        return new IncidentEvent.IncidentResolved("fixed", DETECTED.plusSeconds(300), COMMANDER);
    }

    static IncidentEvent.IncidentClosed closed() {
        return new IncidentEvent.IncidentClosed("done", DETECTED.plusSeconds(400), COMMANDER);
    }
}
