package dev.aiim.notification.rest;

import dev.aiim.contracts.Severity;
import dev.aiim.notification.domain.RoutingPolicy;

import java.util.List;
import java.util.Map;

/**
 * The routing document as the API reads and writes it; left-out settings take the playbook's defaults when it
 * becomes a {@link RoutingPolicy}.
 */
public record RoutingDocument(Map<String, String> teamEscalationPolicies,
                              String defaultEscalationPolicyId,
                              List<String> leadership,
                              List<String> compliance,
                              String clientChannelId,
                              String defaultEmailChannelId,
                              Map<Severity, Integer> cadenceMinutes,
                              int escalateAfterMissedUpdates,
                              List<Integer> deadlineReminderPercents,
                              List<String> drillAudience) {

    static RoutingDocument of(RoutingPolicy p) {
        return new RoutingDocument(p.teamEscalationPolicies(), p.defaultEscalationPolicyId(), p.leadership(),
                p.compliance(), p.clientChannelId(), p.defaultEmailChannelId(), p.cadenceMinutes(),
                p.escalateAfterMissedUpdates(), p.deadlineReminderPercents(), p.drillAudience());
    }

    RoutingPolicy policy() {
        return new RoutingPolicy(teamEscalationPolicies, defaultEscalationPolicyId, leadership, compliance,
                clientChannelId, defaultEmailChannelId, cadenceMinutes, escalateAfterMissedUpdates,
                deadlineReminderPercents, drillAudience);
    }
}
