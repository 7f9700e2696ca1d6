package dev.aiim.incident.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.RootCauseCategory;
import dev.aiim.incident.domain.IncidentCommand.AddTimelineEntry;
import dev.aiim.incident.domain.IncidentCommand.AssignRole;
import dev.aiim.incident.domain.IncidentCommand.ClassifySeverity;
import dev.aiim.incident.domain.IncidentCommand.CloseIncident;
import dev.aiim.incident.domain.IncidentCommand.DeclareContainment;
import dev.aiim.incident.domain.IncidentCommand.DeclareIncident;
import dev.aiim.incident.domain.IncidentCommand.IdentifyRootCause;
import dev.aiim.incident.domain.IncidentCommand.RecordContainmentAction;
import dev.aiim.incident.domain.IncidentCommand.RecordFinding;
import dev.aiim.incident.domain.IncidentCommand.RecordResolutionStep;
import dev.aiim.incident.domain.IncidentCommand.ReopenIncident;
import dev.aiim.incident.domain.IncidentCommand.ResolveIncident;
import dev.aiim.incident.domain.IncidentCommand.TriageIncident;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.aiim.incident.domain.IncidentRefusal.Kind.ILLEGAL_TRANSITION;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.INVALID_COMMAND;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.NOT_PERMITTED;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.RULE_VIOLATION;
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

class IncidentDeciderTest {

    private static DeclareIncident declaration(String title) {
        return new DeclareIncident(title, "seen by a loan officer", IncidentCategory.BIAS_FAIRNESS, "credit-model",
                Severity.SEV2, DETECTED.minusSeconds(60), DETECTED, DetectionSource.MANUAL, false, null, null, java.util.Map.of());
    }

    @Nested
    class Declaration {

        @Test
        void opens_the_incident_in_detected_with_the_suggested_severity() {
            Incident incident = given().after(declaration("Denials up for one group"), RESPONDER);

            assertThat(incident.status()).isEqualTo(IncidentStatus.DETECTED);
            assertThat(incident.severity()).isEqualTo(Severity.SEV2);
            assertThat(incident.severityHistory()).isEmpty();
            assertThat(incident.detectedAt()).isEqualTo(DETECTED);
            assertThat(incident.version()).isEqualTo(1);
            assertThat(incident.openedBy()).isEqualTo(RESPONDER);
        }

        @Test
        void detection_time_defaults_to_now() {
            DeclareIncident command = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null, null, null,
                    DetectionSource.MANUAL, false, null, null, java.util.Map.of());
            assertThat(given().after(command).detectedAt()).isEqualTo(NOW);
        }

        @Test
        void an_existing_incident_cannot_be_declared_again() {
            assertThat(given(opened()).refused(declaration("again")).kind()).isEqualTo(ILLEGAL_TRANSITION);
        }

        @Test
        void needs_a_title() {
            IncidentRefusal refusal = given().refused(declaration(" "));
            assertThat(refusal.kind()).isEqualTo(INVALID_COMMAND);
            assertThat(refusal.field()).isEqualTo("title");
        }

        @Test
        void harm_cannot_begin_after_it_was_detected() {
            DeclareIncident command = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null,
                    DETECTED.plusSeconds(1), DETECTED, DetectionSource.MANUAL, false, null, null, java.util.Map.of());
            assertThat(given().refused(command).field()).isEqualTo("occurredAt");
        }

        @Test
        void detection_cannot_be_in_the_future() {
            DeclareIncident command = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null, null,
                    NOW.plus(Duration.ofHours(1)), DetectionSource.MANUAL, false, null, null, java.util.Map.of());
            assertThat(given().refused(command).field()).isEqualTo("detectedAt");
        }

        @Test
        void a_person_reports_times_within_a_year_and_not_ahead() {
            DeclareIncident ancient = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null,
                    Instant.parse("-999999-01-01T00:00:00Z"), null, DetectionSource.MANUAL, false, null, null,
                    java.util.Map.of());
            assertThat(given().refused(ancient).field()).isEqualTo("occurredAt");
            assertThat(given().refused(ancient).getMessage()).contains("within the last 365 days");
            DeclareIncident longAgo = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null, null,
                    NOW.minus(Duration.ofDays(400)), DetectionSource.MANUAL, false, null, null, java.util.Map.of());
            assertThat(given().refused(longAgo).field()).isEqualTo("detectedAt");
            DeclareIncident elevenMonths = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null,
                    NOW.minus(Duration.ofDays(330)), null, DetectionSource.MANUAL, false, null, null,
                    java.util.Map.of());
            assertThat(given().after(elevenMonths).occurredAt()).isEqualTo(NOW.minus(Duration.ofDays(330)));
        }

        @Test
        void a_person_cannot_declare_in_a_monitors_or_an_alerts_name() {
            for (DetectionSource machine : List.of(DetectionSource.MONITOR, DetectionSource.ALERT)) {
                DeclareIncident command = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null, null,
                        null, machine, false, null, null, java.util.Map.of());
                assertThat(given().refused(command).field()).isEqualTo("source");
            }
            DeclareIncident fromAReport = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null, null,
                    null, DetectionSource.STAKEHOLDER_REPORT, false, null, null, java.util.Map.of());
            assertThat(given().after(fromAReport).source()).isEqualTo(DetectionSource.STAKEHOLDER_REPORT);
        }

        @Test
        void a_detection_keeps_its_own_source_and_times() {
            // detections are bounded where they enter (detection-service); an old alert still opens its incident
            DeclareIncident detection = new DeclareIncident("t", null, IncidentCategory.SAFETY, null, null,
                    NOW.minus(Duration.ofDays(500)), NOW, DetectionSource.ALERT, false, "k", "det-9",
                    java.util.Map.of());
            assertThat(given().after(detection).source()).isEqualTo(DetectionSource.ALERT);
        }

        @Test
        void leadership_reads_but_does_not_declare() {
            assertThat(given().refused(declaration("t"), LEADER).kind()).isEqualTo(NOT_PERMITTED);
        }
    }

    @Nested
    class Triage {

        @Test
        void confirming_sets_severity_and_triage_time() {
            Incident incident = given(opened()).after(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3,
                    "real but small", null));

            assertThat(incident.status()).isEqualTo(IncidentStatus.TRIAGED);
            assertThat(incident.severity()).isEqualTo(Severity.SEV3);
            assertThat(incident.triagedAt()).isEqualTo(NOW);
            assertThat(incident.severityHistory()).singleElement()
                    .satisfies(change -> {
                        assertThat(change.from()).isEqualTo(Severity.SEV2);
                        assertThat(change.to()).isEqualTo(Severity.SEV3);
                        assertThat(change.by()).isEqualTo(COMMANDER);
                    });
        }

        @Test
        void a_false_alarm_is_dismissed_with_its_rationale() {
            Incident incident = given(opened()).after(new TriageIncident(TriageDecision.FALSE_ALARM, null,
                    "seasonal dip", null));

            assertThat(incident.status()).isEqualTo(IncidentStatus.DISMISSED);
            assertThat(incident.triageRationale()).isEqualTo("seasonal dip");
            assertThat(incident.isOpen()).isFalse();
        }

        @Test
        void confirming_needs_a_severity() {
            IncidentRefusal refusal = given(opened()).refused(new TriageIncident(TriageDecision.CONFIRMED, null, "r", null));
            assertThat(refusal.field()).isEqualTo("severity");
        }

        @Test
        void needs_a_rationale() {
            IncidentRefusal refusal = given(opened()).refused(new TriageIncident(TriageDecision.FALSE_ALARM, null, "", null));
            assertThat(refusal.field()).isEqualTo("rationale");
        }

        @Test
        void happens_only_once_and_says_which_state_allows_it() {
            IncidentRefusal refusal = given(opened(), triaged(Severity.SEV3))
                    .refused(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3, "again", null));

            assertThat(refusal.kind()).isEqualTo(ILLEGAL_TRANSITION);
            assertThat(refusal.getMessage()).contains("TRIAGED").contains("allowed only when the incident is DETECTED");
        }

        @Test
        void is_the_commanders_decision() {
            assertThat(given(opened()).refused(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV4, "r", null),
                    RESPONDER).kind()).isEqualTo(NOT_PERMITTED);
        }

        @Test
        void a_responder_holding_the_commander_role_may_triage() {
            Incident incident = given(opened(), commander(JUNIOR))
                    .after(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3, "r", null), RESPONDER);
            assertThat(incident.status()).isEqualTo(IncidentStatus.TRIAGED);
        }

        @Test
        void sev1_needs_a_senior_commander() {
            IncidentRefusal refusal = given(opened())
                    .refused(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV1, "active harm", null));

            assertThat(refusal.kind()).isEqualTo(RULE_VIOLATION);
            assertThat(refusal.getMessage()).startsWith("SEV1 needs a senior engineering leader as incident commander");
        }

        @Test
        void sev2_with_a_commander_who_is_not_senior_is_refused() {
            IncidentRefusal refusal = given(opened(), commander(JUNIOR))
                    .refused(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV2, "harm", null));
            assertThat(refusal.getMessage()).contains("Riley Responder is not one");
        }

        @Test
        void the_same_command_may_name_the_senior_commander() {
            List<IncidentEvent> events = given(opened(), commander(JUNIOR))
                    .when(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV1, "active harm", SENIOR));

            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isInstanceOfSatisfying(IncidentEvent.RoleAssigned.class, e -> {
                assertThat(e.person()).isEqualTo(SENIOR);
                assertThat(e.previousHolder()).isEqualTo(JUNIOR);
            });
            assertThat(events.get(1)).isInstanceOf(IncidentEvent.IncidentTriaged.class);
        }

        @Test
        void sev3_needs_no_commander() {
            assertThat(given(opened()).when(new TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3, "r", null)))
                    .singleElement().isInstanceOf(IncidentEvent.IncidentTriaged.class);
        }
    }

    @Nested
    class SeverityClassification {

        @Test
        void records_previous_new_and_reason() {
            Incident incident = given(opened(), triaged(Severity.SEV3))
                    .after(new ClassifySeverity(Severity.SEV4, "only internal users affected", null));

            assertThat(incident.severity()).isEqualTo(Severity.SEV4);
            assertThat(incident.severityHistory()).hasSize(2);
            assertThat(incident.severityHistory().get(1).from()).isEqualTo(Severity.SEV3);
            assertThat(incident.severityHistory().get(1).reason()).isEqualTo("only internal users affected");
        }

        @Test
        void raising_to_sev1_with_a_junior_commander_is_refused_until_a_senior_one_is_named() {
            Scenario scenario = given(opened(), commander(JUNIOR), triaged(Severity.SEV3));

            assertThat(scenario.refused(new ClassifySeverity(Severity.SEV1, "spreading", null)).kind())
                    .isEqualTo(RULE_VIOLATION);
            Incident incident = scenario.after(new ClassifySeverity(Severity.SEV1, "spreading", SENIOR));
            assertThat(incident.severity()).isEqualTo(Severity.SEV1);
            assertThat(incident.holder(IncidentRole.INCIDENT_COMMANDER)).isEqualTo(SENIOR);
        }

        @Test
        void the_same_severity_again_is_refused() {
            assertThat(given(opened(), triaged(Severity.SEV3)).refused(new ClassifySeverity(Severity.SEV3, "r", null))
                    .kind()).isEqualTo(RULE_VIOLATION);
        }

        @Test
        void not_after_closing() {
            IncidentRefusal refusal = given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved(), closed())
                    .refused(new ClassifySeverity(Severity.SEV3, "r", null));
            assertThat(refusal.kind()).isEqualTo(ILLEGAL_TRANSITION);
        }

        @Test
        void needs_a_reason() {
            assertThat(given(opened(), triaged(Severity.SEV3)).refused(new ClassifySeverity(Severity.SEV4, " ", null))
                    .field()).isEqualTo("reason");
        }
    }

    @Nested
    class Roles {

        @Test
        void hand_over_records_the_previous_holder_and_keeps_the_history() {
            Incident incident = given(opened(), commander(JUNIOR))
                    .after(new AssignRole(IncidentRole.INCIDENT_COMMANDER, SENIOR));

            assertThat(incident.holder(IncidentRole.INCIDENT_COMMANDER)).isEqualTo(SENIOR);
            assertThat(incident.roleHistory()).extracting(Incident.RoleAssignment::person).containsExactly(JUNIOR, SENIOR);
            assertThat(incident.roles().get(IncidentRole.INCIDENT_COMMANDER).assignedAt()).isEqualTo(NOW);
        }

        @Test
        void a_sev2_incident_cannot_get_a_junior_commander() {
            IncidentRefusal refusal = given(opened(), commander(SENIOR), triaged(Severity.SEV2))
                    .refused(new AssignRole(IncidentRole.INCIDENT_COMMANDER, JUNIOR));
            assertThat(refusal.kind()).isEqualTo(RULE_VIOLATION);
            assertThat(refusal.getMessage()).startsWith("SEV2 needs a senior engineering leader as incident commander");
        }

        @Test
        void a_junior_person_may_hold_other_roles_on_a_sev1() {
            Incident incident = given(opened(), commander(SENIOR), triaged(Severity.SEV1))
                    .after(new AssignRole(IncidentRole.SCRIBE, JUNIOR));
            assertThat(incident.holder(IncidentRole.SCRIBE)).isEqualTo(JUNIOR);
        }

        @Test
        void assigning_the_current_holder_again_is_refused() {
            assertThat(given(opened(), commander(SENIOR)).refused(new AssignRole(IncidentRole.INCIDENT_COMMANDER, SENIOR))
                    .kind()).isEqualTo(RULE_VIOLATION);
        }

        @Test
        void only_the_commander_assigns() {
            assertThat(given(opened()).refused(new AssignRole(IncidentRole.SCRIBE, JUNIOR), RESPONDER).kind())
                    .isEqualTo(NOT_PERMITTED);
        }

        @Test
        void a_person_needs_an_id_and_a_name() {
            IncidentRefusal refusal = given(opened()).refused(new AssignRole(IncidentRole.SCRIBE,
                    new dev.aiim.contracts.incident.Person("", "n", null, false)));
            assertThat(refusal.field()).isEqualTo("id");
        }
    }

    @Nested
    class Containment {

        private RecordContainmentAction action(ContainmentType type, String target, FallbackKind fallback, String scope) {
            return new RecordContainmentAction(type, "what was done", target, fallback, scope, true);
        }

        @Test
        void a_rollback_keeps_the_evidence_the_analysis_of_causes_needs() {
            Map<String, Object> evidence = Map.of("monitor", "FAIRNESS", "window", Map.of("from",
                    "2026-03-03T08:40:00Z", "to", "2026-03-03T08:55:00Z", "records", 900),
                    "reference", Map.of("version", 3));
            IncidentEvent.SignalAttached second = new IncidentEvent.SignalAttached("det-2", DetectionSource.MONITOR,
                    "again", "credit-model:BIAS_FAIRNESS", DETECTED.plusSeconds(60), null, evidence);
            IncidentEvent.SignalAttached alert = new IncidentEvent.SignalAttached("det-3", DetectionSource.ALERT,
                    "an alert", "credit-model:BIAS_FAIRNESS", DETECTED.plusSeconds(90), null,
                    Map.of("alert", Map.of()));
            Incident incident = given(opened(), second, alert).after(new RecordContainmentAction(
                    ContainmentType.ROLLBACK, "rolled back", "v41", null, null, true,
                    List.of("https://models.example/snapshots/v42")), RESPONDER);

            assertThat(incident.containmentActions()).singleElement().satisfies(a -> {
                assertThat(a.preserved().links()).containsExactly("https://models.example/snapshots/v42");
                assertThat(a.preserved().telemetry()).singleElement().satisfies(w -> {
                    assertThat(w.detectionId()).isEqualTo("det-2");
                    assertThat(w.systemId()).isEqualTo("credit-model");
                    assertThat(w.from()).isEqualTo(Instant.parse("2026-03-03T08:40:00Z"));
                    assertThat(w.to()).isEqualTo(Instant.parse("2026-03-03T08:55:00Z"));
                    assertThat(w.referenceVersion()).isEqualTo(3L);
                });
            });
            // an action that does not alter the system keeps nothing, unless links are given
            assertThat(given(opened()).after(action(ContainmentType.GUARDRAIL, null, null, null), RESPONDER)
                    .containmentActions()).singleElement().satisfies(a -> assertThat(a.preserved()).isNull());
        }

        @Test
        void evidence_links_are_web_addresses() {
            assertThat(given(opened()).refused(new RecordContainmentAction(ContainmentType.DISABLE, "switched off",
                    null, null, null, true, List.of("javascript:alert(1)"))).field()).isEqualTo("evidenceLinks");
        }

        @Test
        void a_responder_may_contain_before_triage_without_waiting_for_approval() {
            Incident incident = given(opened()).after(action(ContainmentType.ROLLBACK, "v41", null, null), RESPONDER);

            assertThat(incident.containmentActions()).singleElement().satisfies(a -> {
                assertThat(a.targetModelVersion()).isEqualTo("v41");
                assertThat(a.takenBy()).isEqualTo(RESPONDER);
                assertThat(a.takenAt()).isEqualTo(NOW);
                assertThat(a.effective()).isTrue();
            });
            assertThat(incident.status()).isEqualTo(IncidentStatus.DETECTED);
        }

        @Test
        void a_rollback_names_the_model_version() {
            assertThat(given(opened()).refused(action(ContainmentType.ROLLBACK, null, null, null)).field())
                    .isEqualTo("targetModelVersion");
        }

        @Test
        void degrading_names_the_fallback() {
            assertThat(given(opened()).refused(action(ContainmentType.DEGRADE, null, null, null)).field())
                    .isEqualTo("fallback");
            assertThat(given(opened()).when(action(ContainmentType.DEGRADE, null, FallbackKind.HUMAN_REVIEW, null)))
                    .hasSize(1);
        }

        @Test
        void reducing_scope_says_what_is_excluded() {
            assertThat(given(opened()).refused(action(ContainmentType.REDUCE_SCOPE, null, null, " ")).field())
                    .isEqualTo("scope");
        }

        @Test
        void leadership_does_not_take_actions() {
            assertThat(given(opened()).refused(action(ContainmentType.DISABLE, null, null, null), LEADER).kind())
                    .isEqualTo(NOT_PERMITTED);
        }

        @Test
        void declaring_containment_needs_an_effective_action() {
            IncidentRefusal refusal = given(opened(), triaged(Severity.SEV3), rollback(false))
                    .refused(new DeclareContainment("holding"));
            assertThat(refusal.kind()).isEqualTo(RULE_VIOLATION);
            assertThat(refusal.getMessage()).contains("\"effective\": true");
        }

        @Test
        void declaring_containment_after_an_effective_action_contains_the_incident() {
            Incident incident = given(opened(), triaged(Severity.SEV3), rollback(true))
                    .after(new DeclareContainment("rollback holds"));
            assertThat(incident.status()).isEqualTo(IncidentStatus.CONTAINED);
            assertThat(incident.containedAt()).isEqualTo(NOW);
        }

        @Test
        void containment_is_declared_after_triage() {
            assertThat(given(opened(), rollback(true)).refused(new DeclareContainment("s")).kind())
                    .isEqualTo(ILLEGAL_TRANSITION);
        }

        @Test
        void only_the_commander_declares_containment() {
            assertThat(given(opened(), triaged(Severity.SEV3), rollback(true))
                    .refused(new DeclareContainment("s"), RESPONDER).kind()).isEqualTo(NOT_PERMITTED);
        }

        @Test
        void no_actions_after_resolution() {
            assertThat(given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved())
                    .refused(action(ContainmentType.DISABLE, null, null, null)).kind()).isEqualTo(ILLEGAL_TRANSITION);
        }
    }

    @Nested
    class Investigation {

        @Test
        void findings_are_kept_in_order_with_who_and_when() {
            Incident incident = given(opened(), triaged(Severity.SEV2))
                    .after(new RecordFinding("approval rate for age 60+ fell to 12%", "applicants aged 60+", "dashboard"),
                            RESPONDER);
            assertThat(incident.findings()).singleElement().satisfies(f -> {
                assertThat(f.affectedPopulation()).isEqualTo("applicants aged 60+");
                assertThat(f.recordedBy()).isEqualTo(RESPONDER);
                assertThat(f.id()).isEqualTo("id-1");
            });
        }

        @Test
        void a_finding_needs_a_description() {
            assertThat(given(opened()).refused(new RecordFinding("", null, null)).field()).isEqualTo("description");
        }

        @Test
        void the_root_cause_has_a_playbook_category_and_contributing_factors() {
            Incident incident = given(opened(), triaged(Severity.SEV2))
                    .after(new IdentifyRootCause(RootCauseCategory.DATA_PIPELINE_CHANGE, "age encoding changed",
                            List.of("no schema check")), RESPONDER);
            assertThat(incident.rootCause().category()).isEqualTo(RootCauseCategory.DATA_PIPELINE_CHANGE);
            assertThat(incident.rootCause().contributingFactors()).containsExactly("no schema check");
        }

        @Test
        void the_root_cause_waits_for_triage() {
            assertThat(given(opened()).refused(new IdentifyRootCause(RootCauseCategory.OTHER, "x", List.of())).kind())
                    .isEqualTo(ILLEGAL_TRANSITION);
        }
    }

    @Nested
    class Resolution {

        private final Scenario containedIncident = given(opened(), triaged(Severity.SEV3), rollback(true), contained());

        @Test
        void a_tested_fix_confirms_fairness_acceptance() {
            IncidentRefusal refusal = containedIncident.refused(new RecordResolutionStep(ResolutionStepKind.FIX_TESTED,
                    "tests", null, null, true));
            assertThat(refusal.field()).isEqualTo("fairnessCriteriaMet");
        }

        @Test
        void a_tested_fix_confirms_performance_acceptance() {
            IncidentRefusal refusal = containedIncident.refused(new RecordResolutionStep(ResolutionStepKind.FIX_TESTED,
                    "tests", null, true, false));
            assertThat(refusal.field()).isEqualTo("performanceCriteriaMet");
        }

        @Test
        void only_a_tested_fix_is_deployed() {
            assertThat(containedIncident.refused(new RecordResolutionStep(ResolutionStepKind.FIX_DEPLOYED, "deploy",
                    null, null, null)).kind()).isEqualTo(RULE_VIOLATION);
        }

        @Test
        void remediation_counts_the_corrected_decisions() {
            assertThat(containedIncident.refused(new RecordResolutionStep(ResolutionStepKind.IMPACT_REMEDIATED,
                    "re-ran", null, null, null)).field()).isEqualTo("affectedDecisionsCorrected");
            Incident incident = containedIncident.after(new RecordResolutionStep(ResolutionStepKind.IMPACT_REMEDIATED,
                    "re-ran", 1412, null, null), RESPONDER);
            assertThat(incident.resolutionSteps()).singleElement()
                    .extracting(Incident.ResolutionStep::affectedDecisionsCorrected).isEqualTo(1412);
        }

        @Test
        void resolving_needs_the_fix_deployed() {
            Scenario tested = given(opened(), triaged(Severity.SEV3), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_DEVELOPED), step(ResolutionStepKind.FIX_TESTED));
            IncidentRefusal refusal = tested.refused(new ResolveIncident("done"));
            assertThat(refusal.kind()).isEqualTo(RULE_VIOLATION);
            assertThat(refusal.getMessage()).contains("FIX_DEPLOYED");
        }

        @Test
        void a_deployed_fix_resolves() {
            Incident incident = given(opened(), triaged(Severity.SEV3), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED))
                    .after(new ResolveIncident("re-encoded and redeployed"));
            assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(incident.resolvedAt()).isEqualTo(NOW);
        }

        @Test
        void resolution_follows_containment() {
            assertThat(given(opened(), triaged(Severity.SEV3), step(ResolutionStepKind.FIX_TESTED),
                    step(ResolutionStepKind.FIX_DEPLOYED)).refused(new ResolveIncident("x")).kind())
                    .isEqualTo(ILLEGAL_TRANSITION);
        }
    }

    @Nested
    class TimelineAndClosing {

        @Test
        void a_timeline_entry_keeps_the_time_it_describes_and_the_time_it_was_written() {
            Incident incident = given(opened()).after(new AddTimelineEntry(DETECTED.minusSeconds(900),
                    "loan officer called support"), RESPONDER);
            assertThat(incident.timeline()).singleElement().satisfies(entry -> {
                assertThat(entry.at()).isEqualTo(DETECTED.minusSeconds(900));
                assertThat(entry.writtenAt()).isEqualTo(NOW);
            });
        }

        @Test
        void a_timeline_entry_cannot_describe_the_future() {
            assertThat(given(opened()).refused(new AddTimelineEntry(NOW.plus(Duration.ofHours(2)), "x")).field())
                    .isEqualTo("at");
        }

        @Test
        void a_closed_incident_takes_no_more_entries() {
            assertThat(given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved(), closed())
                    .refused(new AddTimelineEntry(NOW, "x")).kind()).isEqualTo(ILLEGAL_TRANSITION);
        }

        @Test
        void closing_a_sev2_needs_a_published_review() {
            IncidentRefusal refusal = given(opened(), commander(SENIOR), triaged(Severity.SEV2), rollback(true),
                    contained(), step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved())
                    .refused(new CloseIncident("done"));
            assertThat(refusal.kind()).isEqualTo(RULE_VIOLATION);
            assertThat(refusal.getMessage()).contains("published post-incident review");
        }

        @Test
        void a_sev4_closes_without_a_review() {
            Incident incident = given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved())
                    .after(new CloseIncident("done"));
            assertThat(incident.status()).isEqualTo(IncidentStatus.CLOSED);
            assertThat(incident.closedAt()).isEqualTo(NOW);
        }

        @Test
        void reopening_a_closed_incident_makes_containment_and_the_fix_prove_themselves_again() {
            Scenario reopened = given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved(), closed(),
                    new IncidentEvent.IncidentReopened("denials are back", IncidentStatus.CLOSED, NOW, COMMANDER));

            Incident incident = reopened.state();
            assertThat(incident.status()).isEqualTo(IncidentStatus.TRIAGED);
            assertThat(incident.closedAt()).isNull();
            assertThat(incident.containedAt()).isNull();
            assertThat(incident.reopenCount()).isEqualTo(1);
            assertThat(reopened.refused(new DeclareContainment("still holds")).kind()).isEqualTo(RULE_VIOLATION);
        }

        @Test
        void reopen_records_the_reason_and_the_state_it_left() {
            List<IncidentEvent> events = given(opened(), triaged(Severity.SEV4), rollback(true), contained(),
                    step(ResolutionStepKind.FIX_TESTED), step(ResolutionStepKind.FIX_DEPLOYED), resolved())
                    .when(new ReopenIncident("fix did not hold"));
            assertThat(events).singleElement().isInstanceOfSatisfying(IncidentEvent.IncidentReopened.class, e -> {
                assertThat(e.reopenedFrom()).isEqualTo(IncidentStatus.RESOLVED);
                assertThat(e.reason()).isEqualTo("fix did not hold");
            });
        }

        @Test
        void only_resolved_or_closed_incidents_reopen() {
            IncidentRefusal refusal = given(opened(), triaged(Severity.SEV3)).refused(new ReopenIncident("x"));
            assertThat(refusal.getMessage()).contains("allowed only when the incident is RESOLVED, CLOSED");
        }
    }

    @Nested
    class Targets {

        private final ResponseTargets targets = ResponseTargets.PLAYBOOK;

        @Test
        void triage_is_due_30_minutes_after_detection_and_overdue_after_that() {
            Incident incident = given(opened()).state();
            assertThat(targets.triageDue(incident)).isEqualTo(DETECTED.plus(Duration.ofMinutes(30)));
            assertThat(targets.overdue(incident, DETECTED.plus(Duration.ofMinutes(29)))).isEmpty();
            assertThat(targets.overdue(incident, DETECTED.plus(Duration.ofMinutes(31))))
                    .containsExactly(ResponseTargets.Phase.TRIAGE);
        }

        @Test
        void sev1_containment_is_due_within_an_hour() {
            Incident incident = given(opened(), commander(SENIOR), triaged(Severity.SEV1)).state();
            assertThat(targets.containmentDue(incident)).isEqualTo(DETECTED.plus(Duration.ofHours(1)));
            assertThat(targets.overdue(incident, DETECTED.plus(Duration.ofMinutes(61))))
                    .contains(ResponseTargets.Phase.CONTAINMENT);
        }

        @Test
        void sev2_containment_is_due_within_four_hours() {
            Incident incident = given(opened(), commander(SENIOR), triaged(Severity.SEV2)).state();
            assertThat(targets.containmentDue(incident)).isEqualTo(DETECTED.plus(Duration.ofHours(4)));
        }

        @Test
        void sev3_has_no_containment_target() {
            Incident incident = given(opened(), triaged(Severity.SEV3)).state();
            assertThat(targets.containmentDue(incident)).isNull();
            assertThat(targets.overdue(incident, DETECTED.plus(Duration.ofDays(3))))
                    .doesNotContain(ResponseTargets.Phase.CONTAINMENT);
        }

        @Test
        void a_contained_incident_is_not_overdue() {
            Incident incident = given(opened(), commander(SENIOR), triaged(Severity.SEV1), rollback(true), contained())
                    .state();
            assertThat(targets.overdue(incident, DETECTED.plus(Duration.ofHours(5))))
                    .doesNotContain(ResponseTargets.Phase.CONTAINMENT, ResponseTargets.Phase.TRIAGE);
        }
    }

    @Test
    void replaying_a_stream_counts_its_versions() {
        Incident incident = given(opened(), triaged(Severity.SEV4), rollback(true), contained()).state();
        assertThat(incident.version()).isEqualTo(4);
        assertThat(incident.id()).isEqualTo(Scenario.ID);
    }
}
