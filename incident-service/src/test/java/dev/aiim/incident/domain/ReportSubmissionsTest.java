package dev.aiim.incident.domain;

import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.CausalLink;
import dev.aiim.incident.domain.IncidentCommand.RecordRegulatoryAssessment;
import dev.aiim.incident.domain.IncidentCommand.RecordReportSubmission;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.aiim.incident.domain.IncidentRefusal.Kind.INVALID_COMMAND;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.NOT_PERMITTED;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.RULE_VIOLATION;
import static dev.aiim.incident.domain.Scenario.DETECTED;
import static dev.aiim.incident.domain.Scenario.NOW;
import static dev.aiim.incident.domain.Scenario.RESPONDER;
import static dev.aiim.incident.domain.Scenario.given;
import static dev.aiim.incident.domain.Scenario.opened;
import static dev.aiim.incident.domain.Scenario.triaged;
import static org.assertj.core.api.Assertions.assertThat;

/** Regulator reports in stages: each submission is recorded with its digest, meets its clock, and starts the next. */
class ReportSubmissionsTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** An incident assessed as an AI Act serious incident that is also significant under NIS2, and the steps after. */
    private static Scenario assessed(IncidentCommand... then) {
        List<IncidentEvent> events = new ArrayList<>(List.of(opened(), triaged(Severity.SEV2)));
        events.addAll(given(events.toArray(IncidentEvent[]::new)).when(new RecordRegulatoryAssessment(DETECTED, false,
                false, 1200L, new AiActSeriousIncident(List.of("c"), false, false, false, List.of("DE"),
                CausalLink.LIKELY, null), true)));
        for (IncidentCommand command : then) {
            events.addAll(given(events.toArray(IncidentEvent[]::new)).when(command));
        }
        return given(events.toArray(IncidentEvent[]::new));
    }

    private static RecordReportSubmission submission(String regime, String stage, String digest, Instant at) {
        return new RecordReportSubmission(regime, stage, digest, at, "Bundesnetzagentur", "BNetzA-2026-0042");
    }

    @Test
    void an_initial_report_meets_the_art73_clock_and_the_complete_report_follows_it() {
        Incident incident = assessed(submission("eu-ai-act-art73", "initial", "sha-256:" + SHA, NOW))
                .after(submission("eu-ai-act-art73", "COMPLETE", SHA.toUpperCase(), NOW));

        assertThat(incident.reportSubmissions()).hasSize(2).first().satisfies(r -> {
            assertThat(r.stage()).isEqualTo("INITIAL");
            assertThat(r.digest()).isEqualTo("sha-256:" + SHA);
            assertThat(r.reportId()).isEqualTo(Scenario.ID + "/eu-ai-act-art73/initial");
            assertThat(r.clocksMet()).containsExactly(RegulatoryDeadlines.AI_ACT);
            assertThat(r.authorityReference()).isEqualTo("BNetzA-2026-0042");
        });
        assertThat(incident.clockMetAt(RegulatoryDeadlines.AI_ACT)).isEqualTo(NOW);
        assertThat(incident.clockMetAt(RegulatoryDeadlines.NIS2_EARLY_WARNING)).isNull();
    }

    @Test
    void the_nis2_notification_starts_the_final_reports_month() {
        Instant sent = DETECTED.plus(Duration.ofMinutes(5));
        Incident incident = assessed(submission("nis2", "EARLY_WARNING", SHA, DETECTED.plusSeconds(60)))
                .after(submission("nis2", "notification", SHA, sent));

        assertThat(incident.clockMetAt(RegulatoryDeadlines.NIS2_EARLY_WARNING)).isEqualTo(DETECTED.plusSeconds(60));
        assertThat(incident.clockMetAt(RegulatoryDeadlines.NIS2_NOTIFICATION)).isEqualTo(sent);
        assertThat(incident.regulatory().deadlines()).filteredOn(d -> d.regime().equals(RegulatoryDeadlines.NIS2_FINAL))
                .singleElement().satisfies(d -> {
                    assertThat(d.clockStartedAt()).isEqualTo(sent);
                    assertThat(d.dueAt()).isEqualTo(Instant.parse("2026-04-03T09:05:00Z"));
                });
    }

    @Test
    void assessed_again_after_submissions_the_met_clocks_stay_met_and_the_restarted_one_restarted() {
        Instant sent = DETECTED.plus(Duration.ofMinutes(5));
        Scenario s = assessed(submission("nis2", "EARLY_WARNING", SHA, DETECTED.plusSeconds(60)),
                submission("nis2", "NOTIFICATION", SHA, sent));
        List<IncidentEvent> again = s.when(new RecordRegulatoryAssessment(DETECTED, false, false, 1300L, null, true));
        var assessment = (IncidentEvent.RegulatoryAssessmentRecorded) again.get(0);
        assertThat(assessment.clocksMet()).containsExactlyInAnyOrder(RegulatoryDeadlines.NIS2_EARLY_WARNING,
                RegulatoryDeadlines.NIS2_NOTIFICATION);
        assertThat(assessment.deadlines()).filteredOn(d -> d.regime().equals(RegulatoryDeadlines.NIS2_FINAL))
                .singleElement().satisfies(d -> assertThat(d.clockStartedAt()).isEqualTo(sent));
    }

    @Test
    void a_repr_digest_is_taken_as_the_same_sha256() {
        String base64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(SHA));
        assertThat(ReportSubmissions.digest("sha-256=:" + base64 + ":")).isEqualTo("sha-256:" + SHA);
        assertThat(ReportSubmissions.digest("md5:abc")).isNull();
    }

    @Test
    void wrong_stages_digests_and_times_are_refused_and_nothing_is_recorded_twice() {
        Scenario s = assessed(submission("gdpr-art33", "NOTIFICATION", SHA, NOW));
        assertThat(s.refused(submission("nis2", "INITIAL", SHA, NOW)).field()).isEqualTo("stage");
        assertThat(s.refused(submission("dora", "INITIAL", SHA, NOW)).field()).isEqualTo("regime");
        assertThat(s.refused(submission("nis2", "FINAL", "d41d8cd98f00b204e9800998ecf8427e", NOW)).field())
                .isEqualTo("digest");
        assertThat(s.refused(submission("nis2", "FINAL", SHA, NOW.plus(Duration.ofDays(1)))).field())
                .isEqualTo("submittedAt");
        assertThat(s.refused(submission("nis2", "FINAL", SHA, DETECTED.minusSeconds(1))).kind())
                .isEqualTo(INVALID_COMMAND);
        assertThat(s.refused(submission("gdpr-art33", "NOTIFICATION", SHA, NOW)).kind()).isEqualTo(RULE_VIOLATION);
        assertThat(s.refused(submission("gdpr-art33", "SUPPLEMENT", SHA, NOW), RESPONDER).kind())
                .isEqualTo(NOT_PERMITTED);
    }

    @Test
    void a_report_is_submitted_after_the_assessment_says_which_laws_apply() {
        assertThat(given(opened(), triaged(Severity.SEV2)).refused(submission("gdpr-art33", "NOTIFICATION", SHA, NOW))
                .kind()).isEqualTo(RULE_VIOLATION);
    }
}
