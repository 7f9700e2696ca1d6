package dev.aiim.incident.domain;

import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Nis2Significance;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.incident.domain.IncidentCommand.AddTimelineEntry;
import dev.aiim.incident.domain.IncidentCommand.PostStatusUpdate;
import dev.aiim.incident.domain.IncidentCommand.RecordRegulatoryAssessment;
import dev.aiim.incident.domain.IncidentEvent.RegulatoryAssessmentRecorded;
import dev.aiim.incident.domain.IncidentEvent.StatusUpdatePosted;
import dev.aiim.incident.domain.IncidentEvent.TimelineEntryAdded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.aiim.incident.domain.IncidentRules.SENIOR_COMMAND;
import static dev.aiim.incident.domain.IncidentRules.notInFuture;
import static dev.aiim.incident.domain.IncidentRules.required;

/** Communication: the scribe's timeline, status updates on the severity's cadence, and the
 * assessment of which regulators must hear of the incident by when. */
final class CommunicationPhase {

    private static final Set<Audience> EXTERNAL = EnumSet.of(Audience.CLIENT, Audience.LEADERSHIP, Audience.REGULATOR);

    private CommunicationPhase() {
    }

    static List<IncidentEvent> timelineEntry(Incident s, AddTimelineEntry c, CommandContext ctx) {
        ResponseAction.ADD_TIMELINE_ENTRY.check(s, ctx);
        if (c.at() == null) {
            throw IncidentRefusal.invalid("at", "must say when the logged event happened");
        }
        notInFuture("at", c.at(), ctx);
        required("text", c.text());
        return List.of(new TimelineEntryAdded(ctx.newId(), c.at(), c.text(), ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> statusUpdate(Incident s, PostStatusUpdate c, CommandContext ctx) {
        ResponseAction.POST_STATUS_UPDATE.check(s, ctx);
        if (c.audience() == null) {
            throw IncidentRefusal.invalid("audience", "must be one of " + Arrays.toString(Audience.values()));
        }
        required("whatIsKnown", c.whatIsKnown());
        required("whatIsBeingDone", c.whatIsBeingDone());
        if (c.nextUpdateBy() != null && !c.nextUpdateBy().isAfter(ctx.now())) {
            throw IncidentRefusal.invalid("nextUpdateBy", "must be in the future (now is " + ctx.now() + ")");
        }
        if (EXTERNAL.contains(c.audience()) && s.severity() != null && SENIOR_COMMAND.contains(s.severity())
                && s.holder(IncidentRole.COMMUNICATIONS_LEAD) == null) {
            throw IncidentRefusal.rule(s.severity() + " needs a communications lead before the first " + c.audience()
                    + " update: assign COMMUNICATIONS_LEAD first");
        }
        return List.of(new StatusUpdatePosted(ctx.newId(), c.audience(), c.whatIsKnown(), c.whatIsBeingDone(),
                c.nextUpdateBy(), ctx.now(), ctx.actor()));
    }

    static List<IncidentEvent> regulatoryAssessment(Incident s, RecordRegulatoryAssessment c,
                                                            CommandContext ctx) {
        ResponseAction.RECORD_REGULATORY_ASSESSMENT.check(s, ctx);
        if (c.awareAt() == null) {
            throw IncidentRefusal.invalid("awareAt", "must say when the organisation became aware of the incident");
        }
        notInFuture("awareAt", c.awareAt(), ctx);
        if (c.affectedIndividuals() != null && c.affectedIndividuals() < 0) {
            throw IncidentRefusal.invalid("affectedIndividuals", "must not be negative");
        }
        if (c.aiActSeriousIncident() != null) {
            var aiAct = c.aiActSeriousIncident();
            if (aiAct.categories() == null || aiAct.categories().isEmpty()
                    || !List.of("a", "b", "c", "d").containsAll(aiAct.categories())) {
                throw IncidentRefusal.invalid("aiActSeriousIncident.categories",
                        "must list the Art. 3(49) categories that apply: a, b, c and/or d");
            }
            if (aiAct.causalLink() == null) {
                throw IncidentRefusal.invalid("aiActSeriousIncident.causalLink",
                        "must be ESTABLISHED, LIKELY or UNDER_INVESTIGATION");
            }
            if (aiAct.causalLinkAt() != null) {
                notInFuture("aiActSeriousIncident.causalLinkAt", aiAct.causalLinkAt(), ctx);
            }
        }
        var facts = c.nis2Facts();
        if (facts != null && ((facts.financialLossEur() != null && facts.financialLossEur() < 0)
                || (facts.annualTurnoverEur() != null && facts.annualTurnoverEur() < 0))) {
            throw IncidentRefusal.invalid("nis2", "amounts must not be negative");
        }
        // the thresholds of Implementing Regulation 2024/2690 make an incident significant whatever was ticked
        Nis2Significance nis2 = c.nis2Facts() == null ? null : Nis2Thresholds.assess(c.nis2Facts());
        boolean significant = c.nis2Significant() || (nis2 != null && nis2.significant());
        // assessed again after reports went out: a clock a submission restarted counts from it, a met one stays met
        List<RegulatoryDeadline> deadlines = new ArrayList<>();
        for (RegulatoryDeadline due : RegulatoryDeadlines.of(c.awareAt(), c.personalDataInvolved(), c.phiInvolved(),
                c.affectedIndividuals(), c.aiActSeriousIncident(), significant)) {
            deadlines.add(s.reportSubmissions().stream().map(Incident.ReportSubmission::nextDeadline)
                    .filter(next -> next != null && next.regime().equals(due.regime()))
                    .reduce((first, later) -> later).orElse(due));
        }
        return List.of(new RegulatoryAssessmentRecorded(c.awareAt(), c.personalDataInvolved(), c.phiInvolved(),
                c.affectedIndividuals(), c.aiActSeriousIncident(), significant, deadlines, ctx.now(), ctx.actor(), nis2,
                deadlines.stream().map(RegulatoryDeadline::regime).filter(clock -> s.clockMetAt(clock) != null)
                        .toList()));
    }

    static void onTimelineEntryAdded(Incident.Builder b, TimelineEntryAdded e) {
        b.timeline.add(new Incident.TimelineEntry(e.entryId(), e.at(), e.text(), e.writtenAt(), e.writtenBy()));
    }

    static void onStatusUpdatePosted(Incident.Builder b, StatusUpdatePosted e) {
        b.statusUpdates.add(new Incident.StatusUpdate(e.updateId(), e.audience(), e.whatIsKnown(),
                e.whatIsBeingDone(), e.nextUpdateBy(), e.postedAt(), e.postedBy()));
    }

    static void onRegulatoryAssessmentRecorded(Incident.Builder b, RegulatoryAssessmentRecorded e) {
        b.regulatory = new Incident.RegulatoryAssessment(e.awareAt(), e.personalDataInvolved(), e.phiInvolved(),
                e.affectedIndividuals(), e.aiActSeriousIncident(), e.nis2Significant(), e.deadlines(),
                e.assessedAt(), e.assessedBy(), e.nis2());
    }
}
