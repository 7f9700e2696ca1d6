package dev.aiim.incident.domain;

import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.incident.domain.IncidentCommand.DeclareContainment;
import dev.aiim.incident.domain.IncidentCommand.RecordContainmentAction;
import dev.aiim.incident.domain.IncidentEvent.ContainmentActionRecorded;
import dev.aiim.incident.domain.IncidentEvent.IncidentContained;

import java.util.Arrays;
import java.util.List;

import static dev.aiim.contracts.IncidentStatus.CONTAINED;
import static dev.aiim.incident.domain.IncidentRules.required;

/** Containment: the actions that stop the harm (the on-call engineer may take them at once), and the
 * commander's declaration that one of them did. */
final class ContainmentPhase {

    private ContainmentPhase() {
    }

    static List<IncidentEvent> containmentAction(Incident s, RecordContainmentAction c, CommandContext ctx) {
        ResponseAction.RECORD_CONTAINMENT_ACTION.check(s, ctx);
        if (c.type() == null) {
            throw IncidentRefusal.invalid("type", "must be one of " + Arrays.toString(ContainmentType.values()));
        }
        required("description", c.description());
        if (c.type() == ContainmentType.ROLLBACK) {
            required("targetModelVersion", c.targetModelVersion(), "a ROLLBACK names the known-good model version");
        }
        if (c.type() == ContainmentType.DEGRADE && c.fallback() == null) {
            throw IncidentRefusal.invalid("fallback", "a DEGRADE names its fallback: "
                    + Arrays.toString(FallbackKind.values()));
        }
        if (c.type() == ContainmentType.REDUCE_SCOPE) {
            required("scope", c.scope(), "a REDUCE_SCOPE says which inputs or users are excluded");
        }
        // an action that changes the model version keeps what the registry said of the system at that moment
        return List.of(new ContainmentActionRecorded(ctx.newId(), c.type(), c.description(), c.targetModelVersion(),
                c.fallback(), c.scope(), c.effective(), ctx.now(), ctx.actor(), c.targetModelVersion() == null ? null
                : DeclarationPhase.registryOf(s.systemId(), ctx)));
    }

    static List<IncidentEvent> declareContainment(Incident s, DeclareContainment c, CommandContext ctx) {
        ResponseAction.DECLARE_CONTAINMENT.check(s, ctx);
        required("summary", c.summary());
        if (!s.effectiveContainment()) {
            throw IncidentRefusal.rule("Containment needs at least one containment action that stopped the harm;"
                    + " record one with \"effective\": true first");
        }
        return List.of(new IncidentContained(c.summary(), ctx.now(), ctx.actor()));
    }

    static void onContainmentActionRecorded(Incident.Builder b, ContainmentActionRecorded e) {
        b.containmentActions.add(new Incident.ContainmentAction(e.actionId(), e.type(), e.description(),
                e.targetModelVersion(), e.fallback(), e.scope(), e.effective(), e.takenAt(), e.takenBy()));
        b.effectiveContainment |= e.effective();
    }

    static void onIncidentContained(Incident.Builder b, IncidentContained e) {
        b.status = CONTAINED;
        b.containedAt = e.containedAt();
        b.containmentSummary = e.summary();
    }
}
