package dev.aiim.notification.domain;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.RegulatoryDeadline;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one incident event means for notifications: the notices to send and to whom, the page to start, and how
 * the incident's clocks change. A value computed by {@link IncidentNotifications#plan}; the service carries it out
 * in the consumer's transaction.
 *
 * @param notices   messages to send, each to audiences of the incident or to one person
 * @param page      the on-call page to start, or null
 * @param cadence   how the update cadence changes, or null when it stays as it is
 * @param stopPages whether the incident's open pages and its cadence stop (the incident ended)
 * @param deadlines the regulatory clocks to remind of from now on, or null when they stay as they are
 * @param submitted a report submitted to an authority: the clocks it met stop, the one it starts is armed (or null)
 */
public record NotificationPlan(List<Notice> notices, @Nullable PageStart page, @Nullable CadenceChange cadence,
                               boolean stopPages, @Nullable List<RegulatoryDeadline> deadlines,
                               @Nullable ClocksChange submitted) {

    public NotificationPlan(List<Notice> notices, @Nullable PageStart page, @Nullable CadenceChange cadence,
                            boolean stopPages, @Nullable List<RegulatoryDeadline> deadlines) {
        this(notices, page, cadence, stopPages, deadlines, null);
    }

    /** The regulatory clocks a submitted report met ({@code stopped}), and one it started ({@code started}). */
    public record ClocksChange(List<String> stopped, @Nullable RegulatoryDeadline started) {
        public ClocksChange {
            stopped = List.copyOf(stopped);
        }
    }

    /** Who a notice is for. */
    public enum Recipients { RESPONSE_TEAM, CLIENT, LEADERSHIP, COMPLIANCE }

    /** A message to the given audiences, or to {@code person} alone (a new role holder). */
    public record Notice(Set<Recipients> to, @Nullable Person person, IncidentMessage message) {
    }

    /** Pages the on-call engineer through an escalation policy. */
    public record PageStart(String escalationPolicyId, IncidentMessage message) {
    }

    /**
     * The update cadence from now on: reminders are due at {@code due}, counted from {@code lastUpdate}; a null
     * {@code due} (no cadence for the severity) disarms it.
     */
    public record CadenceChange(Severity severity, Instant lastUpdate, @Nullable Instant due, String anchor) {
    }

    public NotificationPlan {
        notices = List.copyOf(notices);
        deadlines = deadlines == null ? null : List.copyOf(deadlines);
    }

    static NotificationPlan nothing() {
        return new NotificationPlan(List.of(), null, null, false, null);
    }
}
