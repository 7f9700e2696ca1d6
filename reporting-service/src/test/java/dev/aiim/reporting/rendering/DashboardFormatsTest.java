package dev.aiim.reporting.rendering;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations in the unit a leader reads at a glance. */
class DashboardFormatsTest {

    @Test
    void minutes_up_to_two_hours_then_hours_up_to_two_days_then_days() {
        assertThat(DashboardFormats.duration(null)).isEqualTo("-");
        assertThat(DashboardFormats.duration(0)).isEqualTo("0 min");
        assertThat(DashboardFormats.duration(44.6)).isEqualTo("45 min");
        assertThat(DashboardFormats.duration(119)).isEqualTo("119 min");
        assertThat(DashboardFormats.duration(120)).isEqualTo("2 h");
        assertThat(DashboardFormats.duration(150)).isEqualTo("2.5 h");
        assertThat(DashboardFormats.duration(31 * 60 + 20)).isEqualTo("31 h");
        assertThat(DashboardFormats.duration(48 * 60)).isEqualTo("2 d");
        assertThat(DashboardFormats.duration(3.5 * 24 * 60)).isEqualTo("3.5 d");
        assertThat(DashboardFormats.duration(401_950L)).isEqualTo("279 d");
    }
}
