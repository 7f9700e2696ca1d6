package dev.aiim.incident.domain;

import dev.aiim.incident.domain.IncidentCommand.IdentifyRootCause;
import dev.aiim.incident.domain.IncidentCommand.RecordFinding;
import dev.aiim.incident.domain.IncidentEvent.FindingRecorded;
import dev.aiim.incident.domain.IncidentEvent.RootCauseIdentified;

import java.util.List;

import static dev.aiim.incident.domain.IncidentRules.required;

/** Investigation: findings about who was affected, and the root cause in the playbook's categories. */
final class InvestigationPhase {

    private InvestigationPhase() {
    }

    static List<IncidentEvent> finding(Incident s, RecordFinding c, CommandContext ctx) {
        ResponseAction.RECORD_FINDING.check(s, ctx);
        required("description", c.description());
        return List.of(new FindingRecorded(ctx.newId(), c.description(), c.affectedPopulation(), c.evidence(),
                ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> rootCause(Incident s, IdentifyRootCause c, CommandContext ctx) {
        ResponseAction.IDENTIFY_ROOT_CAUSE.check(s, ctx);
        if (c.category() == null) {
            throw IncidentRefusal.invalid("category", "must name one of the playbook's root-cause categories or OTHER");
        }
        required("description", c.description());
        List<String> factors = c.contributingFactors() == null ? List.of() : c.contributingFactors();
        return List.of(new RootCauseIdentified(c.category(), c.description(), factors, ctx.now(), ctx.actor()));
    }

    static void onFindingRecorded(Incident.Builder b, FindingRecorded e) {
        b.findings.add(new Incident.Finding(e.findingId(), e.description(), e.affectedPopulation(), e.evidence(),
                e.recordedAt(), e.recordedBy()));
    }

    static void onRootCauseIdentified(Incident.Builder b, RootCauseIdentified e) {
        b.rootCause = new Incident.RootCause(e.category(), e.description(), e.contributingFactors(),
                e.identifiedAt(), e.identifiedBy());
    }
}
