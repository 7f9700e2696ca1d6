package dev.aiim.notification.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.IncidentDismissed;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.IncidentTriaged;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.contracts.incident.SeverityClassified;
import dev.aiim.contracts.incident.StatusUpdatePosted;
import dev.aiim.notification.domain.IncidentNotifications.Situation;
import dev.aiim.notification.domain.NotificationPlan.Recipients;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What each incident event means for notifications, without a database: the plan routing carries out. */
class IncidentNotificationsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final AiSystem CREDIT = new AiSystem("credit", "Credit risk scoring", null, "risk-ml",
            new AiSystem.Client("Mid-tier bank", List.of()), RiskTier.HIGH, "2.3.0", List.of("2.2.1"), List.of(),
            List.of("EU"), null, 1);
    private static final RoutingPolicy ROUTING = new RoutingPolicy(Map.of("risk-ml", "ep-risk"), null,
            List.of("cto"), List.of("dpo"), null, null, Map.of(Severity.SEV1, 30, Severity.SEV2, 120), 2,
            List.of(50, 100), List.of());
    private static final Person ANA = new Person("ana", "Ana Senior", "ana@bank.example", true);

    @Test
    void a_new_incident_pages_the_owner_teams_escalation_policy_and_tells_nobody_else() {
        NotificationPlan plan = plan(new IncidentOpened(header(IncidentStatus.DETECTED, null), "Approvals for 60+ collapsed",
                null, DetectionSource.MONITOR, Severity.SEV1, T0, T0, "credit:BIAS_FAIRNESS", "det-1", null),
                facts(IncidentStatus.DETECTED, null), CREDIT);
        assertThat(plan.page()).isNotNull();
        assertThat(plan.page().escalationPolicyId()).isEqualTo("ep-risk");
        assertThat(plan.page().message().whatIsKnown()).contains("suggested SEV1", "Credit risk scoring (HIGH risk, team risk-ml)");
        assertThat(plan.notices()).isEmpty();
        assertThat(plan.cadence()).isNull();
    }

    @Test
    void a_new_incident_of_a_team_without_a_policy_pages_nobody() {
        AiSystem other = new AiSystem("chat", "Chat", null, "support-ml", null, RiskTier.STANDARD, null, List.of(),
                List.of(), List.of(), null, 1);
        NotificationPlan plan = plan(new IncidentOpened(header(IncidentStatus.DETECTED, null), "Odd answers", null,
                DetectionSource.MANUAL, null, null, T0, null, null, null), facts(IncidentStatus.DETECTED, null), other);
        assertThat(plan.page()).isNull();
        assertThat(plan.notices()).isEmpty();
    }

    @Test
    void a_sev1_triage_tells_team_client_and_leadership_and_arms_the_30_minute_cadence() {
        NotificationPlan plan = plan(new IncidentTriaged(header(IncidentStatus.TRIAGED, Severity.SEV1), Severity.SEV1,
                "One group denied", T0), facts(IncidentStatus.TRIAGED, Severity.SEV1), CREDIT);
        assertThat(plan.notices()).singleElement().satisfies(n -> {
            assertThat(n.to()).containsExactlyInAnyOrder(Recipients.RESPONSE_TEAM, Recipients.CLIENT, Recipients.LEADERSHIP);
            assertThat(n.message().headline()).isEqualTo("Incident confirmed as SEV1");
            assertThat(n.message().whatIsBeingDone()).startsWith("Response team: incident commander Ana Senior.");
            assertThat(n.message().nextUpdateBy()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        });
        assertThat(plan.cadence().due()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(plan.cadence().severity()).isEqualTo(Severity.SEV1);
    }

    @Test
    void a_sev3_triage_leaves_leadership_out_and_has_no_cadence_when_routing_sets_none() {
        NotificationPlan plan = plan(new IncidentTriaged(header(IncidentStatus.TRIAGED, Severity.SEV3), Severity.SEV3,
                "Minor drift", T0), facts(IncidentStatus.TRIAGED, Severity.SEV3), CREDIT);
        assertThat(plan.notices().get(0).to()).containsExactlyInAnyOrder(Recipients.RESPONSE_TEAM, Recipients.CLIENT);
        assertThat(plan.cadence().due()).as("this routing sets no SEV3 cadence: the timer is disarmed").isNull();
    }

    @Test
    void a_dismissal_tells_the_team_and_stops_pages_and_cadence() {
        NotificationPlan plan = plan(new IncidentDismissed(header(IncidentStatus.DISMISSED, null), "Test traffic", T0),
                facts(IncidentStatus.DISMISSED, null), CREDIT);
        assertThat(plan.notices().get(0).to()).containsExactly(Recipients.RESPONSE_TEAM);
        assertThat(plan.stopPages()).isTrue();
    }

    @Test
    void a_status_update_goes_to_its_audience_and_restarts_the_cadence_only_while_open() {
        StatusUpdatePosted update = new StatusUpdatePosted(header(IncidentStatus.CONTAINED, Severity.SEV2),
                Audience.CLIENT, "Rolled back", "Verifying", null);
        NotificationPlan open = plan(update, facts(IncidentStatus.CONTAINED, Severity.SEV2), CREDIT);
        assertThat(open.notices().get(0).to()).containsExactly(Recipients.CLIENT);
        assertThat(open.cadence().due()).isEqualTo(T0.plus(Duration.ofHours(2)));
        NotificationPlan resolved = plan(update, facts(IncidentStatus.RESOLVED, Severity.SEV2), CREDIT);
        assertThat(resolved.cadence()).isNull();
    }

    @Test
    void a_regulatory_assessment_tells_compliance_and_hands_over_the_deadlines() {
        RegulatoryDeadline gdpr = new RegulatoryDeadline("gdpr-art33", "notify the authority", T0, T0.plus(Duration.ofHours(72)));
        NotificationPlan plan = plan(new RegulatoryAssessmentRecorded(header(IncidentStatus.TRIAGED, Severity.SEV1), T0,
                true, false, 120L, null, false, List.of(gdpr), null, List.of()),
                facts(IncidentStatus.TRIAGED, Severity.SEV1), CREDIT);
        assertThat(plan.notices().get(0).to()).containsExactly(Recipients.COMPLIANCE);
        assertThat(plan.notices().get(0).message().whatIsBeingDone()).isEqualTo("Reminders follow at 50 %, 100 % of each clock.");
        assertThat(plan.deadlines()).containsExactly(gdpr);

        // assessed again after the notification was submitted: its clock reminds no more
        NotificationPlan again = plan(new RegulatoryAssessmentRecorded(header(IncidentStatus.TRIAGED, Severity.SEV1),
                T0, true, false, 120L, null, false, List.of(gdpr), null, List.of("gdpr-art33")),
                facts(IncidentStatus.TRIAGED, Severity.SEV1), CREDIT);
        assertThat(again.deadlines()).isEmpty();
    }

    @Test
    void a_role_assignment_tells_the_new_holder_alone() {
        NotificationPlan plan = plan(new RoleAssigned(header(IncidentStatus.TRIAGED, Severity.SEV2),
                IncidentRole.COMMUNICATIONS_LEAD, ANA, null), facts(IncidentStatus.TRIAGED, Severity.SEV2), CREDIT);
        assertThat(plan.notices()).singleElement().satisfies(n -> {
            assertThat(n.person()).isEqualTo(ANA);
            assertThat(n.to()).isEmpty();
            assertThat(n.message().headline()).isEqualTo("You are now communications lead");
        });
    }

    @Test
    void a_severity_change_to_the_same_severity_means_nothing_and_a_drop_from_sev2_still_reaches_leadership() {
        assertThat(plan(new SeverityClassified(header(IncidentStatus.TRIAGED, Severity.SEV2), Severity.SEV2,
                Severity.SEV2, "same"), facts(IncidentStatus.TRIAGED, Severity.SEV2), CREDIT).notices()).isEmpty();
        NotificationPlan drop = plan(new SeverityClassified(header(IncidentStatus.TRIAGED, Severity.SEV3), Severity.SEV2,
                Severity.SEV3, "smaller than feared"), facts(IncidentStatus.TRIAGED, Severity.SEV3), CREDIT);
        assertThat(drop.notices().get(0).to()).containsExactlyInAnyOrder(Recipients.RESPONSE_TEAM, Recipients.LEADERSHIP);
    }

    private static NotificationPlan plan(IncidentEvent event, IncidentFacts facts, AiSystem system) {
        return IncidentNotifications.plan(new Situation(MessageTypes.INCIDENT_OPENED, event, facts, system,
                Map.of(IncidentRole.INCIDENT_COMMANDER, ANA), ROUTING, "https://incidents.example/inc-1"));
    }

    private static IncidentEventHeader header(IncidentStatus status, Severity severity) {
        return new IncidentEventHeader("inc-1", 2, "ev-2", T0, new Actor("ana", "Ana", List.of("commander")), "h1",
                "h2", status, severity, IncidentCategory.BIAS_FAIRNESS, "credit", false);
    }

    private static IncidentFacts facts(IncidentStatus status, Severity severity) {
        return new IncidentFacts("inc-1", 2, status, severity, "credit", false, "Approvals for 60+ collapsed", null,
                T0, null, 0);
    }
}
