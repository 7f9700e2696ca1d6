package dev.aiim.incident.rest;

import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.ResponseTargets;

import java.time.Instant;
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
                s.suggestedSeverity(), s.category(), s.systemId(), s.simulation(), s.source(), s.correlationKey(),
                new IncidentView.Signals(s.signals().size(), s.signals()), s.occurredAt(), s.detectedAt(),
                s.triagedAt(), s.dismissedAt(), s.containedAt(), s.resolvedAt(), s.closedAt(), s.triageRationale(),
                s.severityHistory(), roles, s.roleHistory(), s.containmentActions(), s.containmentSummary(),
                s.findings(), s.rootCause(), s.resolutionSteps(), s.resolutionSummary(), null, null,
                new IncidentView.Due(targets.triageDue(s), targets.containmentDue(s)), targets.overdue(s, now),
                new IncidentView.Regulatory(false, List.of()),
                new IncidentView.Review(s.reviewPublished() ? "PUBLISHED" : "NOT_STARTED"), List.of(),
                s.reopenCount(), s.closingSummary(), s.openedBy());
    }
}
