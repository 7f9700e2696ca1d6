package dev.aiim.incident.domain;

import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.CausalLink;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.incident.domain.IncidentCommand.RecordRegulatoryAssessment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.aiim.incident.domain.IncidentRefusal.Kind.INVALID_COMMAND;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.NOT_PERMITTED;
import static dev.aiim.incident.domain.RegulatoryDeadlines.AI_ACT;
import static dev.aiim.incident.domain.RegulatoryDeadlines.GDPR_33;
import static dev.aiim.incident.domain.RegulatoryDeadlines.HIPAA_HHS;
import static dev.aiim.incident.domain.RegulatoryDeadlines.HIPAA_INDIVIDUALS;
import static dev.aiim.incident.domain.RegulatoryDeadlines.HIPAA_MEDIA;
import static dev.aiim.incident.domain.RegulatoryDeadlines.NIS2_EARLY_WARNING;
import static dev.aiim.incident.domain.RegulatoryDeadlines.NIS2_FINAL;
import static dev.aiim.incident.domain.RegulatoryDeadlines.NIS2_NOTIFICATION;
import static dev.aiim.incident.domain.Scenario.RESPONDER;
import static dev.aiim.incident.domain.Scenario.given;
import static dev.aiim.incident.domain.Scenario.opened;
import static dev.aiim.incident.domain.Scenario.triaged;
import static org.assertj.core.api.Assertions.assertThat;

/** The deadline engine at its edges: each clock starts at awareness and runs calendar days or clock hours. */
class RegulatoryDeadlinesTest {

    private static final Instant AWARE = Instant.parse("2026-12-30T22:15:00Z");

    private static Map<String, Instant> due(List<RegulatoryDeadline> deadlines) {
        return deadlines.stream().collect(Collectors.toMap(RegulatoryDeadline::regime, RegulatoryDeadline::dueAt));
    }

    private static AiActSeriousIncident aiAct(List<String> categories, boolean death, boolean widespread,
                                              boolean criticalInfrastructure) {
        return new AiActSeriousIncident(categories, death, widespread, criticalInfrastructure, List.of("DE", "FR"),
                CausalLink.LIKELY, AWARE);
    }

    @Test
    void no_facts_no_duties() {
        assertThat(RegulatoryDeadlines.of(AWARE, false, false, null, null, false)).isEmpty();
    }

    @Test
    void gdpr_gives_72_clock_hours_from_awareness_across_the_year_end() {
        assertThat(due(RegulatoryDeadlines.of(AWARE, true, false, null, null, false)))
                .containsExactly(Map.entry(GDPR_33, Instant.parse("2027-01-02T22:15:00Z")));
    }

    @Test
    void ai_act_serious_incident_gives_15_days() {
        assertThat(due(RegulatoryDeadlines.of(AWARE, false, false, null, aiAct(List.of("c"), false, false, false),
                false))).containsEntry(AI_ACT, AWARE.plus(Duration.ofDays(15)));
    }

    @Test
    void ai_act_death_gives_10_days() {
        assertThat(due(RegulatoryDeadlines.of(AWARE, false, false, null, aiAct(List.of("a"), true, false, false),
                false))).containsEntry(AI_ACT, AWARE.plus(Duration.ofDays(10)));
    }

    @Test
    void ai_act_widespread_infringement_or_critical_infrastructure_gives_2_days_even_with_a_death() {
        assertThat(due(RegulatoryDeadlines.of(AWARE, false, false, null, aiAct(List.of("c"), false, true, false),
                false))).containsEntry(AI_ACT, AWARE.plus(Duration.ofDays(2)));
        assertThat(due(RegulatoryDeadlines.of(AWARE, false, false, null, aiAct(List.of("a", "b"), true, false, false),
                false))).containsEntry(AI_ACT, AWARE.plus(Duration.ofDays(2)));
    }

    @Test
    void ai_act_obligation_names_the_member_states_and_the_causal_link() {
        RegulatoryDeadline deadline = RegulatoryDeadlines.of(AWARE, false, false, null,
                aiAct(List.of("c"), false, false, false), false).get(0);
        assertThat(deadline.obligation()).contains("DE, FR").contains("immediately: the causal link is likely");
        assertThat(deadline.clockStartedAt()).isEqualTo(AWARE);
    }

    @Test
    void hipaa_at_499_people_reports_to_hhs_after_the_calendar_year_and_skips_the_media() {
        Map<String, Instant> due = due(RegulatoryDeadlines.of(AWARE, false, true, 499L, null, false));
        assertThat(due).containsEntry(HIPAA_INDIVIDUALS, AWARE.plus(Duration.ofDays(60)))
                .containsEntry(HIPAA_HHS, Instant.parse("2027-03-02T00:00:00Z"))
                .doesNotContainKey(HIPAA_MEDIA);
    }

    @Test
    void hipaa_at_500_people_reports_to_hhs_within_60_days_but_the_media_only_above_500() {
        Map<String, Instant> at500 = due(RegulatoryDeadlines.of(AWARE, false, true, 500L, null, false));
        assertThat(at500).containsEntry(HIPAA_HHS, AWARE.plus(Duration.ofDays(60))).doesNotContainKey(HIPAA_MEDIA);
        assertThat(due(RegulatoryDeadlines.of(AWARE, false, true, 501L, null, false)))
                .containsEntry(HIPAA_MEDIA, AWARE.plus(Duration.ofDays(60)));
    }

    @Test
    void hipaa_with_an_unknown_count_assumes_the_stricter_case() {
        assertThat(due(RegulatoryDeadlines.of(AWARE, false, true, null, null, false)))
                .containsEntry(HIPAA_HHS, AWARE.plus(Duration.ofDays(60))).containsKey(HIPAA_MEDIA);
    }

    @Test
    void nis2_gives_24_and_72_hours_and_a_final_report_a_calendar_month_after_the_notification() {
        Instant aware = Instant.parse("2026-01-28T10:00:00Z");
        assertThat(due(RegulatoryDeadlines.of(aware, false, false, null, null, true)))
                .containsEntry(NIS2_EARLY_WARNING, Instant.parse("2026-01-29T10:00:00Z"))
                .containsEntry(NIS2_NOTIFICATION, Instant.parse("2026-01-31T10:00:00Z"))
                .containsEntry(NIS2_FINAL, Instant.parse("2026-02-28T10:00:00Z"));
    }

    @Test
    void the_assessment_records_the_deadlines_and_who_assessed() {
        Incident incident = given(opened(), triaged(Severity.SEV3))
                .after(new RecordRegulatoryAssessment(Scenario.DETECTED, true, false, 1412L, null, false));
        assertThat(incident.regulatory().deadlines()).extracting(RegulatoryDeadline::regime).containsExactly(GDPR_33);
        assertThat(incident.regulatory().assessedBy()).isEqualTo(Scenario.COMMANDER);
    }

    @Test
    void awareness_cannot_be_in_the_future_and_categories_are_a_to_d() {
        Scenario triaged = given(opened(), triaged(Severity.SEV3));
        assertThat(triaged.refused(new RecordRegulatoryAssessment(Scenario.NOW.plus(Duration.ofDays(1)), true, false,
                null, null, false)).field()).isEqualTo("awareAt");
        IncidentRefusal refusal = triaged.refused(new RecordRegulatoryAssessment(Scenario.DETECTED, false, false, null,
                aiAct(List.of("e"), false, false, false), false));
        assertThat(refusal.kind()).isEqualTo(INVALID_COMMAND);
        assertThat(refusal.field()).isEqualTo("aiActSeriousIncident.categories");
    }

    @Test
    void the_commander_records_the_assessment() {
        assertThat(given(opened()).refused(new RecordRegulatoryAssessment(Scenario.DETECTED, true, false, null, null,
                false), RESPONDER).kind()).isEqualTo(NOT_PERMITTED);
    }
}
