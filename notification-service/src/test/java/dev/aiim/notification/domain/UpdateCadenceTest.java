package dev.aiim.notification.domain;

import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateCadenceTest {

    private static final UpdateCadence CADENCE = UpdateCadence.defaults();
    private static final Instant LAST = Instant.parse("2026-11-26T09:00:00Z");

    @Test
    void each_severity_owes_updates_at_its_own_pace() {
        assertThat(CADENCE.nextDue(Severity.SEV1, LAST)).contains(Instant.parse("2026-11-26T09:30:00Z"));
        assertThat(CADENCE.nextDue(Severity.SEV2, LAST)).contains(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(CADENCE.nextDue(Severity.SEV3, LAST)).contains(Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(CADENCE.nextDue(Severity.SEV4, LAST)).isEmpty();
    }

    @Test
    void missed_updates_count_whole_periods_and_two_reach_leadership() {
        assertThat(CADENCE.missed(Severity.SEV1, LAST, Instant.parse("2026-11-26T09:29:59Z"))).isZero();
        assertThat(CADENCE.missed(Severity.SEV1, LAST, Instant.parse("2026-11-26T09:30:00Z"))).isEqualTo(1);
        assertThat(CADENCE.missed(Severity.SEV1, LAST, Instant.parse("2026-11-26T10:00:00Z")))
                .isEqualTo(UpdateCadence.ESCALATE_AFTER_MISSED);
        assertThat(CADENCE.missed(Severity.SEV4, LAST, Instant.parse("2026-12-26T10:00:00Z"))).isZero();
    }

    @Test
    void a_gdpr_clock_of_72_hours_is_reminded_at_36_h_57_6_h_and_72_h() {
        RegulatoryDeadline gdpr = new RegulatoryDeadline("gdpr-art33", "notify the supervisory authority",
                Instant.parse("2026-11-26T09:00:00Z"), Instant.parse("2026-11-29T09:00:00Z"));
        assertThat(UpdateCadence.reminders(gdpr)).extracting(UpdateCadence.DeadlineReminder::at).containsExactly(
                Instant.parse("2026-11-27T21:00:00Z"), Instant.parse("2026-11-28T18:36:00Z"),
                Instant.parse("2026-11-29T09:00:00Z"));
        assertThat(UpdateCadence.reminders(gdpr)).extracting(UpdateCadence.DeadlineReminder::percent)
                .containsExactly(50, 80, 100);
    }
}
