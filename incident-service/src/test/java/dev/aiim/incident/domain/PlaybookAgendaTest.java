package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.RootCauseCategory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.aiim.incident.domain.Scenario.COMMANDER;
import static dev.aiim.incident.domain.Scenario.DETECTED;
import static dev.aiim.incident.domain.Scenario.JUNIOR;
import static dev.aiim.incident.domain.Scenario.LEADER;
import static dev.aiim.incident.domain.Scenario.NOW;
import static dev.aiim.incident.domain.Scenario.RESPONDER;
import static dev.aiim.incident.domain.Scenario.SENIOR;
import static dev.aiim.incident.domain.Scenario.closed;
import static dev.aiim.incident.domain.Scenario.commander;
import static dev.aiim.incident.domain.Scenario.contained;
import static dev.aiim.incident.domain.Scenario.given;
import static dev.aiim.incident.domain.Scenario.opened;
import static dev.aiim.incident.domain.Scenario.resolved;
import static dev.aiim.incident.domain.Scenario.rollback;
import static dev.aiim.incident.domain.Scenario.step;
import static dev.aiim.incident.domain.Scenario.triaged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the console says the playbook asks next, and the one table both the console and the decider go by. */
class PlaybookAgendaTest {

    private static final AiSystem CREDIT_MODEL = new AiSystem("credit-model", "Credit model", null, "risk-ml", null,
            RiskTier.HIGH, "2.3.0", List.of("2.2.0", "2.2.1"), List.of("PERSONAL_DATA"), List.of("EU"), null, 3);

    private static List<PlaybookAgenda.Item> agenda(Scenario scenario) {
        return PlaybookAgenda.next(scenario.state(), ResponseTargets.PLAYBOOK, CREDIT_MODEL, NOW);
    }

    @Test
    void a_detected_incident_asks_for_triage_within_thirty_minutes() {
        List<PlaybookAgenda.Item> next = agenda(given(opened(Severity.SEV1)));
        assertThat(next.get(0).action()).isEqualTo(ResponseAction.TRIAGE);
        assertThat(next.get(0).text()).startsWith("Triage within 30 minutes");
        assertThat(next.get(0).due()).isEqualTo(DETECTED.plus(Duration.ofMinutes(30)));
        assertThat(next.get(0).overdueAt(NOW)).isFalse();
        assertThat(next.get(0).overdueAt(DETECTED.plus(Duration.ofMinutes(31)))).isTrue();
    }

    @Test
    void a_sev1_asks_for_a_senior_commander_and_containment_offering_the_last_known_good_version() {
        List<PlaybookAgenda.Item> next = agenda(given(opened(), commander(JUNIOR), triaged(Severity.SEV1)));
        assertThat(next).extracting(PlaybookAgenda.Item::action).startsWith(ResponseAction.ASSIGN_ROLE,
                ResponseAction.RECORD_CONTAINMENT_ACTION, ResponseAction.POST_STATUS_UPDATE,
                ResponseAction.RECORD_REGULATORY_ASSESSMENT);
        assertThat(next.get(0).text()).contains("senior engineering leader");
        assertThat(next.get(1).text()).startsWith("Contain within 1 hour: roll back to 2.2.1 (last known good)");
        assertThat(next.get(1).due()).isEqualTo(DETECTED.plus(Duration.ofHours(1)));
        assertThat(next.get(3).text()).contains("GDPR 72 h", "EU AI Act Art. 73");
    }

    @Test
    void after_an_effective_action_it_asks_to_declare_containment_then_to_resolve_then_to_review_and_close() {
        Scenario triaged = given(opened(), commander(SENIOR), triaged(Severity.SEV2), rollback(true));
        assertThat(agenda(triaged)).extracting(PlaybookAgenda.Item::action)
                .contains(ResponseAction.DECLARE_CONTAINMENT).doesNotContain(ResponseAction.RECORD_CONTAINMENT_ACTION);

        Scenario deployed = given(opened(), commander(SENIOR), triaged(Severity.SEV2), rollback(true), contained(),
                step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED));
        assertThat(agenda(deployed)).extracting(PlaybookAgenda.Item::action).contains(ResponseAction.RESOLVE,
                ResponseAction.IDENTIFY_ROOT_CAUSE);

        Scenario done = given(opened(), commander(SENIOR), triaged(Severity.SEV2), rollback(true), contained(),
                step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved());
        assertThat(agenda(done)).extracting(PlaybookAgenda.Item::action)
                .containsExactly(ResponseAction.RECORD_REGULATORY_ASSESSMENT, ResponseAction.DRAFT_REVIEW,
                        ResponseAction.PUBLISH_REVIEW);

        Scenario sev4 = given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved());
        assertThat(agenda(sev4)).extracting(PlaybookAgenda.Item::action)
                .containsExactly(ResponseAction.RECORD_REGULATORY_ASSESSMENT, ResponseAction.CLOSE);
        assertThat(PlaybookAgenda.next(given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved(), closed())
                .state(), ResponseTargets.PLAYBOOK, CREDIT_MODEL, NOW)).isEmpty();
    }

    /**
     * For every step, state and kind of user: the console offers the step exactly when the decider would take it
     * as far as state and authority go (a refusal for the inputs or a playbook rule is the form's business).
     */
    @Test
    void the_console_offers_a_step_exactly_when_the_decider_allows_its_state_and_its_author() {
        Map<ResponseAction, IncidentCommand> probes = new EnumMap<>(ResponseAction.class);
        probes.put(ResponseAction.TRIAGE, new IncidentCommand.TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3,
                "harm", null));
        probes.put(ResponseAction.CLASSIFY_SEVERITY, new IncidentCommand.ClassifySeverity(Severity.SEV4, "less", null));
        probes.put(ResponseAction.ASSIGN_ROLE, new IncidentCommand.AssignRole(IncidentRole.SCRIBE, JUNIOR));
        probes.put(ResponseAction.RECORD_CONTAINMENT_ACTION, new IncidentCommand.RecordContainmentAction(
                ContainmentType.DISABLE, "off", null, null, null, true));
        probes.put(ResponseAction.DECLARE_CONTAINMENT, new IncidentCommand.DeclareContainment("held"));
        probes.put(ResponseAction.RECORD_FINDING, new IncidentCommand.RecordFinding("seen", null, null));
        probes.put(ResponseAction.IDENTIFY_ROOT_CAUSE, new IncidentCommand.IdentifyRootCause(
                RootCauseCategory.MODEL_DRIFT, "drift", List.of()));
        probes.put(ResponseAction.RECORD_RESOLUTION_STEP, new IncidentCommand.RecordResolutionStep(
                ResolutionStepKind.FIX_DEVELOPED, "patch", null, null, null));
        probes.put(ResponseAction.RESOLVE, new IncidentCommand.ResolveIncident("fixed"));
        probes.put(ResponseAction.CLOSE, new IncidentCommand.CloseIncident("done"));
        probes.put(ResponseAction.REOPEN, new IncidentCommand.ReopenIncident("again"));
        probes.put(ResponseAction.ADD_TIMELINE_ENTRY, new IncidentCommand.AddTimelineEntry(NOW, "noted"));
        probes.put(ResponseAction.POST_STATUS_UPDATE, new IncidentCommand.PostStatusUpdate(Audience.INTERNAL, "known",
                "doing", null));
        probes.put(ResponseAction.RECORD_REGULATORY_ASSESSMENT, new IncidentCommand.RecordRegulatoryAssessment(NOW,
                false, false, null, null, false));
        probes.put(ResponseAction.RECORD_REPORT_SUBMISSION, new IncidentCommand.RecordReportSubmission("nis2",
                "EARLY_WARNING", "0".repeat(64), null, null, null));
        probes.put(ResponseAction.DRAFT_REVIEW, new IncidentCommand.DraftReview(new PostIncidentReview("summary",
                null, null, null, List.of(), null, List.of())));
        probes.put(ResponseAction.PUBLISH_REVIEW, new IncidentCommand.PublishReview());
        probes.put(ResponseAction.ADD_ACTION_ITEM, new IncidentCommand.AddActionItem("fix", "team",
                LocalDate.of(2026, 12, 31), ActionItemKind.PREVENT));
        probes.put(ResponseAction.COMPLETE_ACTION_ITEM, new IncidentCommand.CompleteActionItem("none"));

        List<Scenario> states = List.of(given(opened()),
                given(opened(), triaged(Severity.SEV3), commander(SENIOR)),
                given(opened(), triaged(Severity.SEV3), rollback(true), contained()),
                given(opened(), triaged(Severity.SEV3), rollback(true), contained(),
                        step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved()),
                given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                        step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved(),
                        closed()));
        Actor holder = new Actor(JUNIOR.id(), JUNIOR.name(), List.of("leadership"));
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (Scenario scenario : states) {
            for (Actor actor : List.of(COMMANDER, RESPONDER, LEADER, holder)) {
                for (Map.Entry<ResponseAction, IncidentCommand> probe : probes.entrySet()) {
                    boolean offered = probe.getKey().allows(scenario.state(), actor);
                    IncidentRefusal refusal = catchThrowableOfType(IncidentRefusal.class,
                            () -> scenario.when(probe.getValue(), actor));
                    boolean refusedForStateOrAuthor = refusal != null
                            && (refusal.kind() == IncidentRefusal.Kind.ILLEGAL_TRANSITION
                            || refusal.kind() == IncidentRefusal.Kind.NOT_PERMITTED);
                    checked++;
                    if (offered == refusedForStateOrAuthor) {
                        disagreements.add(probe.getKey() + " by " + actor.id() + " in " + scenario.state().status()
                                + ": offered " + offered + ", decider " + (refusal == null ? "took it" : refusal));
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(5 * 4 * probes.size());
        assertThat(disagreements).isEmpty();
    }
}
