package dev.aiim.notification.domain;

import dev.aiim.notification.domain.OnCallSchedule.Handoff;
import dev.aiim.notification.domain.OnCallSchedule.Layer;
import dev.aiim.notification.domain.OnCallSchedule.Override;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OnCallScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Layer DAILY = new Layer("engineers", List.of("ana", "ben", "chloe"), Handoff.DAILY,
            LocalTime.of(9, 0), BERLIN, LocalDate.of(2026, 3, 27));

    private static String at(Layer layer, String instant) {
        return layer.onCallAt(Instant.parse(instant)).orElse(null);
    }

    @Test
    void a_daily_rotation_hands_off_at_nine_local_time_across_the_spring_daylight_saving_change() {
        assertThat(at(DAILY, "2026-03-27T07:59:59Z")).as("before the first hand-off (08:00Z, CET)").isNull();
        assertThat(at(DAILY, "2026-03-27T08:00:00Z")).isEqualTo("ana");
        assertThat(at(DAILY, "2026-03-28T07:59:00Z")).isEqualTo("ana");
        assertThat(at(DAILY, "2026-03-28T08:00:00Z")).isEqualTo("ben");
        // Clocks go forward on 29 March: 09:00 local is 07:00Z, so ben's shift lasted 23 hours
        assertThat(at(DAILY, "2026-03-29T06:59:00Z")).isEqualTo("ben");
        assertThat(at(DAILY, "2026-03-29T07:00:00Z")).isEqualTo("chloe");
        assertThat(at(DAILY, "2026-03-30T07:00:00Z")).as("round again").isEqualTo("ana");
        assertThat(DAILY.nextHandoffAfter(Instant.parse("2026-03-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
    }

    @Test
    void in_autumn_the_shift_that_holds_the_extra_hour_lasts_25_hours() {
        Layer layer = new Layer("night", List.of("ana", "ben"), Handoff.DAILY, LocalTime.of(2, 30), BERLIN,
                LocalDate.of(2026, 10, 24));
        // 24 Oct 02:30 CEST = 00:30Z; 25 Oct 02:30 happens twice, the first (CEST) = 00:30Z; then 26 Oct 01:30Z
        assertThat(at(layer, "2026-10-25T00:29:00Z")).isEqualTo("ana");
        assertThat(at(layer, "2026-10-25T00:30:00Z")).isEqualTo("ben");
        assertThat(at(layer, "2026-10-26T01:29:00Z")).as("25 hours later").isEqualTo("ben");
        assertThat(at(layer, "2026-10-26T01:30:00Z")).isEqualTo("ana");
    }

    @Test
    void a_hand_off_time_the_clock_skips_happens_just_after_the_gap() {
        Layer layer = new Layer("gap", List.of("ana", "ben"), Handoff.DAILY, LocalTime.of(2, 30), BERLIN,
                LocalDate.of(2026, 3, 28));
        // 29 March has no 02:30 in Berlin: the hand-off is at 03:30 CEST = 01:30Z
        assertThat(at(layer, "2026-03-29T01:29:00Z")).isEqualTo("ana");
        assertThat(at(layer, "2026-03-29T01:30:00Z")).isEqualTo("ben");
    }

    @Test
    void a_weekly_rotation_hands_off_on_its_start_weekday() {
        Layer weekly = new Layer("leads", List.of("dora", "eli"), Handoff.WEEKLY, LocalTime.of(10, 0),
                ZoneId.of("America/New_York"), LocalDate.of(2026, 11, 2));
        assertThat(weekly.handoffDay()).hasToString("MONDAY");
        assertThat(at(weekly, "2026-11-02T15:00:00Z")).isEqualTo("dora"); // Mon 10:00 EST
        assertThat(at(weekly, "2026-11-09T14:59:00Z")).isEqualTo("dora");
        assertThat(at(weekly, "2026-11-09T15:00:00Z")).isEqualTo("eli");
        assertThat(at(weekly, "2026-11-16T15:00:00Z")).isEqualTo("dora");
        assertThat(weekly.nextHandoffAfter(Instant.parse("2026-11-04T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-09T15:00:00Z"));
    }

    @Test
    void overrides_win_the_latest_made_first_and_higher_layers_win_where_they_have_someone() {
        Layer cover = new Layer("holiday cover", List.of("zoe"), Handoff.WEEKLY, LocalTime.of(9, 0), BERLIN,
                LocalDate.of(2026, 4, 1));
        Instant made = Instant.parse("2026-03-01T00:00:00Z");
        OnCallSchedule schedule = new OnCallSchedule("s1", List.of(DAILY, cover), List.of(
                new Override("max", Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-28T18:00:00Z"), made),
                new Override("nina", Instant.parse("2026-03-28T15:00:00Z"), Instant.parse("2026-03-28T16:00:00Z"),
                        made.plusSeconds(60))));
        assertThat(schedule.onCallAt(Instant.parse("2026-03-28T11:00:00Z"))).contains("ben");
        assertThat(schedule.onCallAt(Instant.parse("2026-03-28T12:00:00Z"))).contains("max");
        assertThat(schedule.onCallAt(Instant.parse("2026-03-28T15:30:00Z"))).contains("nina");
        assertThat(schedule.onCallAt(Instant.parse("2026-03-28T18:00:00Z"))).as("override over").contains("ben");
        assertThat(schedule.onCallAt(Instant.parse("2026-04-01T08:00:00Z"))).as("cover layer started").contains("zoe");
        assertThat(new OnCallSchedule("empty", List.of(DAILY), List.of()).onCallAt(Instant.parse("2026-01-01T00:00:00Z")))
                .isEmpty();
    }
}
