package dev.aiim.notification.domain;

import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.RegulatoryDeadline;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The playbook's clocks on communication: how often an open incident of each severity owes its
 * stakeholders an update (SEV1 every 30 minutes, SEV2 every 2 hours, SEV3 daily, SEV4 none, unless
 * configured), what is overdue and for how long, and when to remind the compliance contacts of a
 * regulatory deadline (at 50 %, 80 % and 100 % of its clock).
 */
public record UpdateCadence(Map<Severity, Duration> every) {

    /** After this many missed updates, leadership hears about it too. */
    public static final int ESCALATE_AFTER_MISSED = 2;
    public static final List<Integer> DEADLINE_REMINDER_PERCENTS = List.of(50, 80, 100);

    public static UpdateCadence defaults() {
        Map<Severity, Duration> every = new EnumMap<>(Severity.class);
        every.put(Severity.SEV1, Duration.ofMinutes(30));
        every.put(Severity.SEV2, Duration.ofHours(2));
        every.put(Severity.SEV3, Duration.ofDays(1));
        return new UpdateCadence(every);
    }

    public UpdateCadence {
        every = Map.copyOf(every);
    }

    /** When the next update is due after one at {@code lastUpdate}; empty for a severity without a cadence. */
    public Optional<Instant> nextDue(Severity severity, Instant lastUpdate) {
        return Optional.ofNullable(every.get(severity)).map(lastUpdate::plus);
    }

    /** How many updates are missed at {@code now}: 0 while the next is not yet due, 1 once it is, and so on. */
    public int missed(Severity severity, Instant lastUpdate, Instant now) {
        Duration period = every.get(severity);
        if (period == null || now.isBefore(lastUpdate.plus(period))) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Duration.between(lastUpdate, now).toMillis() / period.toMillis());
    }

    /** One reminder of a regulatory deadline: at which share of its clock, and when. */
    public record DeadlineReminder(RegulatoryDeadline deadline, int percent, Instant at) {
    }

    public static List<DeadlineReminder> reminders(RegulatoryDeadline deadline) {
        return reminders(deadline, DEADLINE_REMINDER_PERCENTS);
    }

    /** Reminders at the given shares of the clock (percent of the time from its start to the deadline). */
    public static List<DeadlineReminder> reminders(RegulatoryDeadline deadline, List<Integer> percents) {
        long clock = Duration.between(deadline.clockStartedAt(), deadline.dueAt()).toMillis();
        return percents.stream().distinct().sorted().map(p -> new DeadlineReminder(deadline, p,
                deadline.clockStartedAt().plusMillis(clock * p / 100))).toList();
    }
}
