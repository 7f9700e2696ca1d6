package dev.aiim.incident.domain;

import dev.aiim.contracts.Nullable;
import dev.aiim.incident.domain.IncidentCommand.AddActionItem;
import dev.aiim.incident.domain.IncidentCommand.AddTimelineEntry;
import dev.aiim.incident.domain.IncidentCommand.AssignRole;
import dev.aiim.incident.domain.IncidentCommand.AttachSignal;
import dev.aiim.incident.domain.IncidentCommand.ClassifySeverity;
import dev.aiim.incident.domain.IncidentCommand.CloseIncident;
import dev.aiim.incident.domain.IncidentCommand.CompleteActionItem;
import dev.aiim.incident.domain.IncidentCommand.DeclareContainment;
import dev.aiim.incident.domain.IncidentCommand.DeclareIncident;
import dev.aiim.incident.domain.IncidentCommand.DraftReview;
import dev.aiim.incident.domain.IncidentCommand.IdentifyRootCause;
import dev.aiim.incident.domain.IncidentCommand.PostStatusUpdate;
import dev.aiim.incident.domain.IncidentCommand.PublishReview;
import dev.aiim.incident.domain.IncidentCommand.RecordContainmentAction;
import dev.aiim.incident.domain.IncidentCommand.RecordFinding;
import dev.aiim.incident.domain.IncidentCommand.RecordRegulatoryAssessment;
import dev.aiim.incident.domain.IncidentCommand.RecordResolutionStep;
import dev.aiim.incident.domain.IncidentCommand.ReopenIncident;
import dev.aiim.incident.domain.IncidentCommand.ResolveIncident;
import dev.aiim.incident.domain.IncidentCommand.TriageIncident;
import dev.aiim.incident.domain.IncidentEvent.ActionItemAdded;
import dev.aiim.incident.domain.IncidentEvent.ActionItemCompleted;
import dev.aiim.incident.domain.IncidentEvent.ContainmentActionRecorded;
import dev.aiim.incident.domain.IncidentEvent.FindingRecorded;
import dev.aiim.incident.domain.IncidentEvent.IncidentClosed;
import dev.aiim.incident.domain.IncidentEvent.IncidentContained;
import dev.aiim.incident.domain.IncidentEvent.IncidentDismissed;
import dev.aiim.incident.domain.IncidentEvent.IncidentOpened;
import dev.aiim.incident.domain.IncidentEvent.IncidentReopened;
import dev.aiim.incident.domain.IncidentEvent.IncidentResolved;
import dev.aiim.incident.domain.IncidentEvent.IncidentTriaged;
import dev.aiim.incident.domain.IncidentEvent.RegulatoryAssessmentRecorded;
import dev.aiim.incident.domain.IncidentEvent.ResolutionStepRecorded;
import dev.aiim.incident.domain.IncidentEvent.ReviewDrafted;
import dev.aiim.incident.domain.IncidentEvent.ReviewPublished;
import dev.aiim.incident.domain.IncidentEvent.RoleAssigned;
import dev.aiim.incident.domain.IncidentEvent.RootCauseIdentified;
import dev.aiim.incident.domain.IncidentEvent.SeverityClassified;
import dev.aiim.incident.domain.IncidentEvent.SignalAttached;
import dev.aiim.incident.domain.IncidentEvent.StatusUpdatePosted;
import dev.aiim.incident.domain.IncidentEvent.TimelineEntryAdded;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident aggregate as two pure functions: {@link #decide} checks a command against the current state and the
 * playbook's rules and answers with events (or an {@link IncidentRefusal}); {@link #evolve} applies one event and
 * never refuses, so that any stored stream replays. The rules live in one class per phase of the response
 * ({@link DeclarationPhase}, {@link TriagePhase}, {@link ContainmentPhase}, {@link InvestigationPhase},
 * {@link ResolutionPhase}, {@link CommunicationPhase}, {@link ReviewPhase}); this class only routes to them.
 */
public final class IncidentDecider {

    /** Realm roles the decider understands (docs/architecture.md, "Who may do what"). */
    public static final String COMMANDER = "commander";
    public static final String RESPONDER = "responder";
    /** Automatic actions (a detection opening an incident) act as this role. */
    public static final String SYSTEM = "system";

    /** How one kind of command is decided against an existing incident. */
    @FunctionalInterface
    interface Decision<C extends IncidentCommand> {
        List<IncidentEvent> decide(Incident state, C command, CommandContext ctx);
    }

    /** How one kind of event changes the incident being rebuilt. */
    @FunctionalInterface
    interface Evolution<E extends IncidentEvent> {
        void apply(Incident.Builder incident, E event);
    }

    // Commands and events are records (final classes), so their exact class finds their handler.
    private static final Map<Class<?>, Decision<?>> DECISIONS = new HashMap<>();
    private static final Map<Class<?>, Evolution<?>> EVOLUTIONS = new HashMap<>();

    static {
        decision(AttachSignal.class, DeclarationPhase::attachSignal);
        decision(TriageIncident.class, TriagePhase::triage);
        decision(ClassifySeverity.class, TriagePhase::classify);
        decision(AssignRole.class, TriagePhase::assignRole);
        decision(RecordContainmentAction.class, ContainmentPhase::containmentAction);
        decision(DeclareContainment.class, ContainmentPhase::declareContainment);
        decision(RecordFinding.class, InvestigationPhase::finding);
        decision(IdentifyRootCause.class, InvestigationPhase::rootCause);
        decision(RecordResolutionStep.class, ResolutionPhase::resolutionStep);
        decision(ResolveIncident.class, ResolutionPhase::resolve);
        decision(CloseIncident.class, ResolutionPhase::close);
        decision(ReopenIncident.class, ResolutionPhase::reopen);
        decision(AddTimelineEntry.class, CommunicationPhase::timelineEntry);
        decision(PostStatusUpdate.class, CommunicationPhase::statusUpdate);
        decision(RecordRegulatoryAssessment.class, CommunicationPhase::regulatoryAssessment);
        decision(IncidentCommand.RecordReportSubmission.class, ReportSubmissions::record);
        decision(DraftReview.class, ReviewPhase::draftReview);
        decision(PublishReview.class, (state, command, ctx) -> ReviewPhase.publishReview(state, ctx));
        decision(AddActionItem.class, ReviewPhase::addActionItem);
        decision(CompleteActionItem.class, ReviewPhase::completeActionItem);

        evolution(IncidentOpened.class, DeclarationPhase::onIncidentOpened);
        evolution(SignalAttached.class, DeclarationPhase::onSignalAttached);
        evolution(IncidentEvent.SignalsCounted.class, DeclarationPhase::onSignalsCounted);
        evolution(IncidentTriaged.class, TriagePhase::onIncidentTriaged);
        evolution(IncidentDismissed.class, TriagePhase::onIncidentDismissed);
        evolution(SeverityClassified.class, TriagePhase::onSeverityClassified);
        evolution(RoleAssigned.class, TriagePhase::onRoleAssigned);
        evolution(ContainmentActionRecorded.class, ContainmentPhase::onContainmentActionRecorded);
        evolution(IncidentContained.class, ContainmentPhase::onIncidentContained);
        evolution(FindingRecorded.class, InvestigationPhase::onFindingRecorded);
        evolution(RootCauseIdentified.class, InvestigationPhase::onRootCauseIdentified);
        evolution(ResolutionStepRecorded.class, ResolutionPhase::onResolutionStepRecorded);
        evolution(IncidentResolved.class, ResolutionPhase::onIncidentResolved);
        evolution(IncidentClosed.class, ResolutionPhase::onIncidentClosed);
        evolution(IncidentReopened.class, ResolutionPhase::onIncidentReopened);
        evolution(TimelineEntryAdded.class, CommunicationPhase::onTimelineEntryAdded);
        evolution(StatusUpdatePosted.class, CommunicationPhase::onStatusUpdatePosted);
        evolution(RegulatoryAssessmentRecorded.class, CommunicationPhase::onRegulatoryAssessmentRecorded);
        evolution(IncidentEvent.RegulatoryReportSubmitted.class, ReportSubmissions::onSubmitted);
        evolution(ReviewDrafted.class, ReviewPhase::onReviewDrafted);
        evolution(ReviewPublished.class, ReviewPhase::onReviewPublished);
        evolution(ActionItemAdded.class, ReviewPhase::onActionItemAdded);
        evolution(ActionItemCompleted.class, ReviewPhase::onActionItemCompleted);
    }

    private IncidentDecider() {
    }

    private static <C extends IncidentCommand> void decision(Class<C> type, Decision<C> decision) {
        DECISIONS.put(type, decision);
    }

    private static <E extends IncidentEvent> void evolution(Class<E> type, Evolution<E> evolution) {
        EVOLUTIONS.put(type, evolution);
    }

    /** Whether a command or event type has its handler here (a test checks every permitted type). */
    static boolean handles(Class<?> type) {
        return type == DeclareIncident.class || DECISIONS.containsKey(type) || EVOLUTIONS.containsKey(type);
    }

    /** Decides a command. {@code state} is {@code null} for an incident that does not exist yet. */
    @SuppressWarnings("unchecked")
    public static List<IncidentEvent> decide(@Nullable Incident state, IncidentCommand command, CommandContext ctx) {
        if (command instanceof DeclareIncident declare) {
            return DeclarationPhase.declare(state, declare, ctx);
        }
        if (state == null) {
            throw IncidentRefusal.illegalTransition("The incident does not exist yet");
        }
        Decision<IncidentCommand> decision = (Decision<IncidentCommand>) DECISIONS.get(command.getClass());
        if (decision == null) {
            throw new IllegalArgumentException("Unknown command " + command.getClass().getName());
        }
        return decision.decide(state, command, ctx);
    }

    /** Replays events onto a state ({@code null} before the first event). */
    public static Incident fold(@Nullable Incident state, String incidentId, List<? extends IncidentEvent> events) {
        Incident current = state;
        for (IncidentEvent event : events) {
            current = evolve(current, incidentId, event);
        }
        return current;
    }

    /** Applies one stored event. Never refuses: whatever is in the stream happened. */
    @SuppressWarnings("unchecked")
    public static Incident evolve(@Nullable Incident state, String incidentId, IncidentEvent event) {
        Evolution<IncidentEvent> evolution = (Evolution<IncidentEvent>) EVOLUTIONS.get(event.getClass());
        if (evolution == null) {
            throw new IllegalArgumentException("Unknown event " + event.getClass().getName());
        }
        Incident.Builder b = state == null ? new Incident.Builder() : state.toBuilder();
        b.version++;
        if (event instanceof IncidentOpened) {
            b.id = incidentId;
        }
        evolution.apply(b, event);
        return b.build();
    }
}
