package dev.aiim.reporting.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DrillScoresTest {

    @Test
    void a_sev1_drill_is_scored_on_detection_triage_and_containment_against_the_sev1_targets() {
        IncidentRecord drill = new HistoryBuilder("inc-drill", "credit", true)
                .opened("2026-03-03T09:00:00Z", "2026-03-03T09:04:00Z", DetectionSource.MONITOR)
                .triaged("2026-03-03T09:40:00Z", Severity.SEV1)
                .contained("2026-03-03T09:55:00Z").record();

        DrillScores.DrillScore score = DrillScores.score(drill, Instant.parse("2026-03-03T12:00:00Z"));

        assertThat(score.timeToDetectMinutes()).isEqualTo(4.0);
        assertThat(score.timeToTriageMinutes()).isEqualTo(36.0);
        assertThat(score.timeToContainMinutes()).isEqualTo(51.0);
        assertThat(score.targets()).extracting(DrillScores.TargetResult::key, DrillScores.TargetResult::met)
                .containsExactly(tuple("mttdSev1", true), tuple("mttcSev1", true), tuple("timeToTriage", false));
        assertThat(score.met()).isEqualTo(2);
        assertThat(score.judged()).isEqualTo(3);
    }

    @Test
    void a_target_not_measured_yet_is_open_until_its_limit_passes_then_missed() {
        IncidentRecord drill = new HistoryBuilder("inc-drill", "credit", true)
                .opened("2026-03-03T09:00:00Z", "2026-03-03T09:04:00Z", DetectionSource.MONITOR)
                .triaged("2026-03-03T09:10:00Z", Severity.SEV1).record();

        assertThat(DrillScores.score(drill, Instant.parse("2026-03-03T09:30:00Z")).targets())
                .filteredOn(t -> t.key().equals("mttcSev1")).singleElement()
                .satisfies(t -> assertThat(t.met()).as("still within the hour").isNull());
        assertThat(DrillScores.score(drill, Instant.parse("2026-03-03T10:05:00Z")).targets())
                .filteredOn(t -> t.key().equals("mttcSev1")).singleElement()
                .satisfies(t -> {
                    assertThat(t.met()).isFalse();
                    assertThat(t.actualMinutes()).isNull();
                });
    }
}
