package dev.aiim.incident.domain;

import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.incident.domain.IncidentCommand.CloseIncident;
import dev.aiim.incident.domain.IncidentCommand.RecordResolutionStep;
import dev.aiim.incident.domain.IncidentCommand.ReopenIncident;
import dev.aiim.incident.domain.IncidentCommand.ResolveIncident;
import dev.aiim.incident.domain.IncidentEvent.IncidentClosed;
import dev.aiim.incident.domain.IncidentEvent.IncidentReopened;
import dev.aiim.incident.domain.IncidentEvent.IncidentResolved;
import dev.aiim.incident.domain.IncidentEvent.ResolutionStepRecorded;

import java.util.Arrays;
import java.util.List;

import static dev.aiim.contracts.IncidentStatus.CLOSED;
import static dev.aiim.contracts.IncidentStatus.RESOLVED;
import static dev.aiim.contracts.IncidentStatus.TRIAGED;
import static dev.aiim.incident.domain.IncidentRules.REVIEW_REQUIRED;
import static dev.aiim.incident.domain.IncidentRules.required;

/** Resolution: a fix developed, tested against fairness and performance acceptance, deployed and its
 * impact remediated; then resolving, closing and, when the harm comes back, reopening. */
final class ResolutionPhase {

    private ResolutionPhase() {
    }

    static List<IncidentEvent> resolutionStep(Incident s, RecordResolutionStep c, CommandContext ctx) {
        ResponseAction.RECORD_RESOLUTION_STEP.check(s, ctx);
        if (c.step() == null) {
            throw IncidentRefusal.invalid("step", "must be one of " + Arrays.toString(ResolutionStepKind.values()));
        }
        required("description", c.description());
        if (c.affectedDecisionsCorrected() != null && c.affectedDecisionsCorrected() < 0) {
            throw IncidentRefusal.invalid("affectedDecisionsCorrected", "must not be negative");
        }
        switch (c.step()) {
            case FIX_TESTED -> {
                if (!Boolean.TRUE.equals(c.fairnessCriteriaMet())) {
                    throw IncidentRefusal.invalid("fairnessCriteriaMet",
                            "FIX_TESTED must confirm that the fairness acceptance criteria were met");
                }
                if (!Boolean.TRUE.equals(c.performanceCriteriaMet())) {
                    throw IncidentRefusal.invalid("performanceCriteriaMet",
                            "FIX_TESTED must confirm that the performance acceptance criteria were met");
                }
            }
            case FIX_DEPLOYED -> {
                if (!s.fixTested()) {
                    throw IncidentRefusal.rule("Deploy only a tested fix: record FIX_TESTED (fairness and performance"
                            + " acceptance met) before FIX_DEPLOYED");
                }
            }
            case IMPACT_REMEDIATED -> {
                if (c.affectedDecisionsCorrected() == null) {
                    throw IncidentRefusal.invalid("affectedDecisionsCorrected",
                            "IMPACT_REMEDIATED says how many affected decisions were reversed or corrected");
                }
            }
            default -> {
            }
        }
        return List.of(new ResolutionStepRecorded(ctx.newId(), c.step(), c.description(), c.affectedDecisionsCorrected(),
                c.fairnessCriteriaMet(), c.performanceCriteriaMet(), ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> resolve(Incident s, ResolveIncident c, CommandContext ctx) {
        ResponseAction.RESOLVE.check(s, ctx);
        required("summary", c.summary());
        if (!s.fixDeployed()) {
            throw IncidentRefusal.rule("RESOLVED requires the fix to be deployed: record a FIX_DEPLOYED resolution step"
                    + " first");
        }
        return List.of(new IncidentResolved(c.summary(), ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> close(Incident s, CloseIncident c, CommandContext ctx) {
        ResponseAction.CLOSE.check(s, ctx);
        required("summary", c.summary());
        if (s.severity() != null && REVIEW_REQUIRED.contains(s.severity()) && !s.reviewPublished()) {
            throw IncidentRefusal.rule("Closing a " + s.severity() + " incident requires a published post-incident"
                    + " review");
        }
        return List.of(new IncidentClosed(c.summary(), ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> reopen(Incident s, ReopenIncident c, CommandContext ctx) {
        ResponseAction.REOPEN.check(s, ctx);
        required("reason", c.reason());
        return List.of(new IncidentReopened(c.reason(), s.status(), ctx.now(), ctx.actor()));
    }

    static void onResolutionStepRecorded(Incident.Builder b, ResolutionStepRecorded e) {
        b.resolutionSteps.add(new Incident.ResolutionStep(e.stepId(), e.step(), e.description(),
                e.affectedDecisionsCorrected(), e.fairnessCriteriaMet(), e.performanceCriteriaMet(),
                e.recordedAt(), e.recordedBy()));
        b.fixTested |= e.step() == ResolutionStepKind.FIX_TESTED;
        b.fixDeployed |= e.step() == ResolutionStepKind.FIX_DEPLOYED;
    }

    static void onIncidentResolved(Incident.Builder b, IncidentResolved e) {
        b.status = RESOLVED;
        b.resolvedAt = e.resolvedAt();
        b.resolutionSummary = e.summary();
    }

    static void onIncidentClosed(Incident.Builder b, IncidentClosed e) {
        b.status = CLOSED;
        b.closedAt = e.closedAt();
        b.closingSummary = e.summary();
    }

    static void onIncidentReopened(Incident.Builder b, IncidentReopened e) {
        // The harm came back: containment and the fix must be shown to hold again.
        b.status = TRIAGED;
        b.reopenCount++;
        b.containedAt = null;
        b.resolvedAt = null;
        b.closedAt = null;
        b.containmentSummary = null;
        b.resolutionSummary = null;
        b.closingSummary = null;
        b.effectiveContainment = false;
        b.fixTested = false;
        b.fixDeployed = false;
    }
}
