package dev.aiim.notification.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who is on call at an instant: overrides first (the latest made wins where they overlap), then the
 * layers from the top (a higher layer, e.g. a holiday cover rotation, wins where it has someone), each a
 * rotation handing off daily or weekly at a wall-clock time in its zone. Hand-offs follow the local clock,
 * so across a daylight-saving change a shift lasts 23 or 25 hours, as the people on it expect.
 */
public record OnCallSchedule(String id, List<Layer> layers, List<Override> overrides) {

    public enum Handoff {
        DAILY(1), WEEKLY(7);

        private final int days;

        Handoff(int days) {
            this.days = days;
        }
    }

    /**
     * A rotation: {@code participants[0]} takes over at {@code handoffTime} on {@code start} (local to
     * {@code zone}), the next one a day or a week later, round and round. Before its start it has nobody.
     */
    public record Layer(String name, List<String> participants, Handoff handoff, LocalTime handoffTime, ZoneId zone,
                        LocalDate start) {

        public Layer {
            if (participants.isEmpty()) {
                throw new IllegalArgumentException("a rotation needs at least one participant");
            }
            participants = List.copyOf(participants);
        }

        /** Whoever this layer has on call at {@code at}. */
        public Optional<String> onCallAt(Instant at) {
            LocalDate day = at.atZone(zone).toLocalDate();
            if (at.isBefore(handoffInstant(day))) {
                day = day.minusDays(1); // before today's hand-off: yesterday's shift is still on
            }
            long days = ChronoUnit.DAYS.between(start, day);
            if (days < 0) {
                return Optional.empty();
            }
            long shift = days / handoff.days;
            return Optional.of(participants.get((int) (shift % participants.size())));
        }

        /** When the shift that holds {@code at} ends (the next hand-off). */
        public Instant nextHandoffAfter(Instant at) {
            LocalDate day = at.atZone(zone).toLocalDate();
            if (at.isBefore(handoffInstant(day))) {
                day = day.minusDays(1);
            }
            long days = Math.max(0, ChronoUnit.DAYS.between(start, day));
            LocalDate next = start.plusDays((days / handoff.days + 1) * handoff.days);
            if (day.isBefore(start)) {
                next = start;
            }
            return handoffInstant(next);
        }

        /** The hand-off on {@code day}; a time that the clock skips that day is taken as the moment after the gap. */
        private Instant handoffInstant(LocalDate day) {
            return ZonedDateTime.of(day, handoffTime, zone).toInstant();
        }

        /** The weekday a weekly rotation hands off on. */
        public DayOfWeek handoffDay() {
            return start.getDayOfWeek();
        }
    }

    /** Someone covering for a period, whatever the layers say. */
    public record Override(String person, Instant from, Instant to, Instant createdAt) {

        public Override {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("an override ends after it starts");
            }
        }

        boolean covers(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }

    public OnCallSchedule {
        layers = List.copyOf(layers);
        overrides = List.copyOf(overrides);
    }

    /** Who is on call at a moment, and until when (the override's end or the next hand-off). */
    public record Shift(String person, Instant until, String source) {
    }

    /** The shift that holds {@code at}; empty when nobody is on call then. */
    public Optional<Shift> shiftAt(Instant at) {
        Optional<Override> override = overrides.stream().filter(o -> o.covers(at))
                .max(Comparator.comparing(Override::createdAt));
        if (override.isPresent()) {
            return Optional.of(new Shift(override.get().person(), override.get().to(), "override"));
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            Optional<String> person = layer.onCallAt(at);
            if (person.isPresent()) {
                Instant until = layer.nextHandoffAfter(at);
                // an override that starts before the hand-off ends this shift early
                for (Override o : overrides) {
                    if (o.from().isAfter(at) && o.from().isBefore(until)) {
                        until = o.from();
                    }
                }
                return Optional.of(new Shift(person.get(), until, "layer " + layer.name()));
            }
        }
        return Optional.empty();
    }

    /** Who is on call at {@code at}; empty when nobody is (before every layer starts). */
    public Optional<String> onCallAt(Instant at) {
        Optional<Override> override = overrides.stream().filter(o -> o.covers(at))
                .max(Comparator.comparing(Override::createdAt));
        if (override.isPresent()) {
            return Optional.of(override.get().person());
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            Optional<String> person = layers.get(i).onCallAt(at);
            if (person.isPresent()) {
                return person;
            }
        }
        return Optional.empty();
    }
}
