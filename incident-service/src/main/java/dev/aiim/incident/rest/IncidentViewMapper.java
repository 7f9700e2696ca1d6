package dev.aiim.incident.rest;

import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.ResponseTargets;

import dev.aiim.contracts.Severity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** State to view: copies the facts and computes the due times and overdue phases from the clock. */
final class IncidentViewMapper {

    private IncidentViewMapper() {
    }

    static IncidentView toView(Incident s, ResponseTargets targets, Instant now) {
        Map<String, IncidentView.RoleHolder> roles = new LinkedHashMap<>();
        s.roles().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> roles.put(e.getKey().name(), new IncidentView.RoleHolder(e.getValue().person().id(),
                        e.getValue().person().name(), e.getValue().person().email(),
                        e.getValue().person().seniorLeader(), e.getValue().assignedAt())));
        return new IncidentView(s.id(), s.version(), s.title(), s.description(), s.status(), s.severity(),
                s.suggestedSeverity(), s.category(), s.systemId(), s.registryAtOpen(), s.simulation(), s.source(),
                s.correlationKey(),
                new IncidentView.Signals(s.signalCount(), s.signals(), s.signalsCounted()), s.occurredAt(), s.detectedAt(),
                s.triagedAt(), s.dismissedAt(), s.containedAt(), s.resolvedAt(), s.closedAt(), s.triageRationale(),
                s.severityHistory(), roles, s.roleHistory(), s.containmentActions(), s.containmentSummary(),
                s.findings(), s.rootCause(), s.resolutionSteps(), s.resolutionSummary(),
                s.statusUpdates().isEmpty() ? null : s.statusUpdates().get(s.statusUpdates().size() - 1),
                s.statusUpdates(), targets.nextUpdateDue(s),
                new IncidentView.Due(targets.triageDue(s), targets.containmentDue(s)), targets.overdue(s, now),
                regulatory(s, now), review(s), actionItems(s, now), s.reopenCount(), s.closingSummary(),
                s.openedBy());
    }

    private static IncidentView.Regulatory regulatory(Incident s, Instant now) {
        if (s.regulatory() == null) {
            return new IncidentView.Regulatory(false, null, List.of(), s.reportSubmissions());
        }
        return new IncidentView.Regulatory(true, s.regulatory(), s.regulatory().deadlines().stream()
                .map(d -> {
                    Instant met = s.clockMetAt(d.regime());
                    return new IncidentView.Regime(d.regime(), d.obligation(), d.clockStartedAt(), d.dueAt(),
                            met == null && now.isAfter(d.dueAt()), met);
                })
                .toList(), s.reportSubmissions());
    }

    private static IncidentView.Review review(Incident s) {
        String status = s.reviewPublished() ? "PUBLISHED" : s.review() != null ? "DRAFT" : "NOT_STARTED";
        boolean required = s.severity() != null && s.severity() != Severity.SEV4;
        return new IncidentView.Review(status, required, s.review());
    }

    private static List<IncidentView.ActionItem> actionItems(Incident s, Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        return s.actionItems().stream().map(i -> new IncidentView.ActionItem(i.id(), i.title(), i.owner(), i.dueDate(),
                i.kind(), i.completedAt() == null ? "OPEN" : "DONE", i.completedAt() == null && today.isAfter(i.dueDate()),
                i.addedAt(), i.addedBy(), i.completedAt(), i.completedBy())).toList();
    }
}
