package dev.aiim.notification.domain;

import dev.aiim.contracts.Severity;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who hears about what, in the playbook's defaults: a new incident pages the on-call engineer of the
 * system's owner team (through that team's escalation policy, else the default one); triage tells the
 * response team, the client and (SEV1/SEV2) leadership; updates go to the audiences they name; overdue
 * updates remind the commander and the communications lead, and after {@code escalateAfterMissedUpdates}
 * misses leadership too; regulatory clocks remind the compliance contacts. Drills (simulation incidents)
 * reach only {@code drillAudience}.
 *
 * @param clientChannelId   the EMAIL channel that client contacts of an AI system are written to
 * @param defaultEmailChannelId the EMAIL channel for role holders the registry does not know (by their email)
 */
public record RoutingPolicy(Map<String, String> teamEscalationPolicies,
                            String defaultEscalationPolicyId,
                            List<String> leadership,
                            List<String> compliance,
                            String clientChannelId,
                            String defaultEmailChannelId,
                            Map<Severity, Integer> cadenceMinutes,
                            int escalateAfterMissedUpdates,
                            List<Integer> deadlineReminderPercents,
                            List<String> drillAudience) {

    public RoutingPolicy {
        teamEscalationPolicies = teamEscalationPolicies == null ? Map.of() : new LinkedHashMap<>(teamEscalationPolicies);
        leadership = leadership == null ? List.of() : List.copyOf(leadership);
        compliance = compliance == null ? List.of() : List.copyOf(compliance);
        cadenceMinutes = cadenceMinutes == null || cadenceMinutes.isEmpty() ? defaultCadence()
                : new EnumMap<>(cadenceMinutes);
        deadlineReminderPercents = deadlineReminderPercents == null || deadlineReminderPercents.isEmpty()
                ? UpdateCadence.DEADLINE_REMINDER_PERCENTS : List.copyOf(deadlineReminderPercents);
        drillAudience = drillAudience == null ? List.of() : List.copyOf(drillAudience);
        if (escalateAfterMissedUpdates <= 0) {
            escalateAfterMissedUpdates = UpdateCadence.ESCALATE_AFTER_MISSED;
        }
    }

    public static RoutingPolicy defaults() {
        return new RoutingPolicy(Map.of(), null, List.of(), List.of(), null, null, defaultCadence(),
                UpdateCadence.ESCALATE_AFTER_MISSED, UpdateCadence.DEADLINE_REMINDER_PERCENTS, List.of());
    }

    private static Map<Severity, Integer> defaultCadence() {
        Map<Severity, Integer> minutes = new EnumMap<>(Severity.class);
        UpdateCadence.defaults().every().forEach((severity, every) -> minutes.put(severity, (int) every.toMinutes()));
        return minutes;
    }

    /** The update cadence these settings give. */
    public UpdateCadence cadence() {
        Map<Severity, Duration> every = new EnumMap<>(Severity.class);
        cadenceMinutes.forEach((severity, minutes) -> every.put(severity, Duration.ofMinutes(minutes)));
        return new UpdateCadence(every);
    }

    /** The escalation policy that pages for a system's owner team. */
    public String escalationPolicyFor(String ownerTeam) {
        String policy = ownerTeam == null ? null : teamEscalationPolicies.get(ownerTeam);
        return policy != null ? policy : defaultEscalationPolicyId;
    }

    /** Field by field, what is wrong with the numbers (references to other resources are checked apart). */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        cadenceMinutes.forEach((severity, minutes) -> {
            if (minutes == null || minutes < 1 || minutes > 7 * 24 * 60) {
                problems.put("cadenceMinutes." + severity, "must be 1 to 10080 minutes");
            }
        });
        if (escalateAfterMissedUpdates > 10) {
            problems.put("escalateAfterMissedUpdates", "must be 1 to 10");
        }
        for (int i = 0; i < deadlineReminderPercents.size(); i++) {
            Integer percent = deadlineReminderPercents.get(i);
            if (percent == null || percent < 1 || percent > 100) {
                problems.put("deadlineReminderPercents[" + i + "]", "must be 1 to 100");
            }
        }
        return problems;
    }
}
