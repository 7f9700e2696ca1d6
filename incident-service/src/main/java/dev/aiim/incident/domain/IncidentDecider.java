package dev.aiim.incident.domain;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.incident.domain.IncidentCommand.AddActionItem;
import dev.aiim.incident.domain.IncidentCommand.AddTimelineEntry;
import dev.aiim.incident.domain.IncidentCommand.AttachSignal;
import dev.aiim.incident.domain.IncidentCommand.CompleteActionItem;
import dev.aiim.incident.domain.IncidentCommand.DraftReview;
import dev.aiim.incident.domain.IncidentCommand.PostStatusUpdate;
import dev.aiim.incident.domain.IncidentCommand.PublishReview;
import dev.aiim.incident.domain.IncidentCommand.RecordRegulatoryAssessment;
import dev.aiim.incident.domain.IncidentCommand.AssignRole;
import dev.aiim.incident.domain.IncidentCommand.ClassifySeverity;
import dev.aiim.incident.domain.IncidentCommand.CloseIncident;
import dev.aiim.incident.domain.IncidentCommand.DeclareContainment;
import dev.aiim.incident.domain.IncidentCommand.DeclareIncident;
import dev.aiim.incident.domain.IncidentCommand.IdentifyRootCause;
import dev.aiim.incident.domain.IncidentCommand.RecordContainmentAction;
import dev.aiim.incident.domain.IncidentCommand.RecordFinding;
import dev.aiim.incident.domain.IncidentCommand.RecordResolutionStep;
import dev.aiim.incident.domain.IncidentCommand.ReopenIncident;
import dev.aiim.incident.domain.IncidentCommand.ResolveIncident;
import dev.aiim.incident.domain.IncidentCommand.TriageIncident;
import dev.aiim.incident.domain.IncidentEvent.ActionItemAdded;
import dev.aiim.incident.domain.IncidentEvent.ActionItemCompleted;
import dev.aiim.incident.domain.IncidentEvent.ContainmentActionRecorded;
import dev.aiim.incident.domain.IncidentEvent.RegulatoryAssessmentRecorded;
import dev.aiim.incident.domain.IncidentEvent.ReviewDrafted;
import dev.aiim.incident.domain.IncidentEvent.ReviewPublished;
import dev.aiim.incident.domain.IncidentEvent.SignalAttached;
import dev.aiim.incident.domain.IncidentEvent.StatusUpdatePosted;
import dev.aiim.incident.domain.IncidentEvent.FindingRecorded;
import dev.aiim.incident.domain.IncidentEvent.IncidentClosed;
import dev.aiim.incident.domain.IncidentEvent.IncidentContained;
import dev.aiim.incident.domain.IncidentEvent.IncidentDismissed;
import dev.aiim.incident.domain.IncidentEvent.IncidentOpened;
import dev.aiim.incident.domain.IncidentEvent.IncidentReopened;
import dev.aiim.incident.domain.IncidentEvent.IncidentResolved;
import dev.aiim.incident.domain.IncidentEvent.IncidentTriaged;
import dev.aiim.incident.domain.IncidentEvent.ResolutionStepRecorded;
import dev.aiim.incident.domain.IncidentEvent.RoleAssigned;
import dev.aiim.incident.domain.IncidentEvent.RootCauseIdentified;
import dev.aiim.incident.domain.IncidentEvent.SeverityClassified;
import dev.aiim.incident.domain.IncidentEvent.TimelineEntryAdded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.aiim.contracts.IncidentStatus.CLOSED;
import static dev.aiim.contracts.IncidentStatus.CONTAINED;
import static dev.aiim.contracts.IncidentStatus.DETECTED;
import static dev.aiim.contracts.IncidentStatus.DISMISSED;
import static dev.aiim.contracts.IncidentStatus.RESOLVED;
import static dev.aiim.contracts.IncidentStatus.TRIAGED;

/**
 * The incident aggregate as two pure functions: {@link #decide} checks a command against the
 * current state and the playbook's rules and answers with events (or an {@link IncidentRefusal});
 * {@link #evolve} applies one event and never refuses, so that any stored stream replays.
 */
public final class IncidentDecider {

    /** Realm roles the decider understands (docs/architecture.md, "Who may do what"). */
    public static final String COMMANDER = "commander";
    public static final String RESPONDER = "responder";
    /** Automatic actions (a detection opening an incident) act as this role. */
    public static final String SYSTEM = "system";

    /** How far ahead of the clock a reported time may be (clock skew between machines). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Set<Severity> SENIOR_COMMAND = EnumSet.of(Severity.SEV1, Severity.SEV2);
    private static final Set<Severity> REVIEW_REQUIRED = EnumSet.of(Severity.SEV1, Severity.SEV2, Severity.SEV3);

    private IncidentDecider() {
    }

    /** Decides a command. {@code state} is {@code null} for an incident that does not exist yet. */
    public static List<IncidentEvent> decide(@Nullable Incident state, IncidentCommand command, CommandContext ctx) {
        if (command instanceof DeclareIncident declare) {
            return declare(state, declare, ctx);
        }
        if (state == null) {
            throw IncidentRefusal.illegalTransition("The incident does not exist yet");
        }
        if (command instanceof TriageIncident c) {
            return triage(state, c, ctx);
        }
        if (command instanceof ClassifySeverity c) {
            return classify(state, c, ctx);
        }
        if (command instanceof AssignRole c) {
            return assignRole(state, c, ctx);
        }
        if (command instanceof RecordContainmentAction c) {
            return containmentAction(state, c, ctx);
        }
        if (command instanceof DeclareContainment c) {
            return declareContainment(state, c, ctx);
        }
        if (command instanceof RecordFinding c) {
            return finding(state, c, ctx);
        }
        if (command instanceof IdentifyRootCause c) {
            return rootCause(state, c, ctx);
        }
        if (command instanceof RecordResolutionStep c) {
            return resolutionStep(state, c, ctx);
        }
        if (command instanceof ResolveIncident c) {
            return resolve(state, c, ctx);
        }
        if (command instanceof AddTimelineEntry c) {
            return timelineEntry(state, c, ctx);
        }
        if (command instanceof CloseIncident c) {
            return close(state, c, ctx);
        }
        if (command instanceof ReopenIncident c) {
            return reopen(state, c, ctx);
        }
        if (command instanceof AttachSignal c) {
            return attachSignal(state, c, ctx);
        }
        if (command instanceof PostStatusUpdate c) {
            return statusUpdate(state, c, ctx);
        }
        if (command instanceof RecordRegulatoryAssessment c) {
            return regulatoryAssessment(state, c, ctx);
        }
        if (command instanceof DraftReview c) {
            return draftReview(state, c, ctx);
        }
        if (command instanceof PublishReview) {
            return publishReview(state, ctx);
        }
        if (command instanceof AddActionItem c) {
            return addActionItem(state, c, ctx);
        }
        if (command instanceof CompleteActionItem c) {
            return completeActionItem(state, c, ctx);
        }
        throw new IllegalArgumentException("Unknown command " + command.getClass().getName());
    }

    // --- Phase 1: declaration

    private static List<IncidentEvent> declare(@Nullable Incident state, DeclareIncident c, CommandContext ctx) {
        if (state != null) {
            throw IncidentRefusal.illegalTransition("Incident " + state.id() + " already exists");
        }
        requireResponder(null, ctx, "declare an incident");
        required("title", c.title());
        if (c.category() == null) {
            throw IncidentRefusal.invalid("category", "must not be null");
        }
        Instant detectedAt = c.detectedAt() == null ? ctx.now() : c.detectedAt();
        notInFuture("detectedAt", detectedAt, ctx);
        if (c.occurredAt() != null && c.occurredAt().isAfter(detectedAt)) {
            throw IncidentRefusal.invalid("occurredAt", "must not be after detectedAt (" + detectedAt + ")");
        }
        return List.of(new IncidentOpened(c.title().strip(), c.description(), c.category(), c.systemId(), c.source(),
                c.severity(), c.occurredAt(), detectedAt, c.correlationKey(), c.detectionId(), c.simulation(),
                ctx.actor(), c.evidence() == null || c.evidence().isEmpty() ? null : c.evidence()));
    }

    private static List<IncidentEvent> attachSignal(Incident s, AttachSignal c, CommandContext ctx) {
        allowedIn(s, "attach signals to", DETECTED, TRIAGED, CONTAINED, RESOLVED);
        requireResponder(s, ctx, "attach signals");
        required("detectionId", c.detectionId());
        if (s.signals().stream().anyMatch(signal -> signal.detectionId().equals(c.detectionId()))) {
            throw IncidentRefusal.rule("Detection " + c.detectionId() + " is already a signal of this incident");
        }
        return List.of(new SignalAttached(c.detectionId(), c.source(), c.summary(), c.correlationKey(), c.detectedAt(),
                c.suggestedSeverity(), c.evidence() == null || c.evidence().isEmpty() ? null : c.evidence()));
    }

    // --- Phase 2: triage, severity, roles

    private static List<IncidentEvent> triage(Incident s, TriageIncident c, CommandContext ctx) {
        allowedIn(s, "triage", DETECTED);
        requireCommand(s, ctx, "triage");
        required("rationale", c.rationale());
        if (c.decision() == null) {
            throw IncidentRefusal.invalid("decision", "must be CONFIRMED or FALSE_ALARM");
        }
        if (c.decision() == TriageDecision.FALSE_ALARM) {
            return List.of(new IncidentDismissed(c.rationale(), ctx.now(), ctx.actor()));
        }
        if (c.severity() == null) {
            throw IncidentRefusal.invalid("severity", "a confirmed incident needs a severity (SEV1-SEV4)");
        }
        List<IncidentEvent> events = new ArrayList<>(commanderInSameStep(s, c.commander(), ctx));
        requireSeniorCommander(c.severity(), commanderAfter(s, c.commander()));
        events.add(new IncidentTriaged(c.severity(), c.rationale(), ctx.now(), ctx.actor()));
        return events;
    }

    private static List<IncidentEvent> classify(Incident s, ClassifySeverity c, CommandContext ctx) {
        allowedIn(s, "change the severity of", DETECTED, TRIAGED, CONTAINED, RESOLVED);
        requireCommand(s, ctx, "change the severity");
        if (c.severity() == null) {
            throw IncidentRefusal.invalid("severity", "must be one of SEV1, SEV2, SEV3, SEV4");
        }
        required("reason", c.reason());
        if (c.severity() == s.severity() && !s.severityHistory().isEmpty()) {
            throw IncidentRefusal.rule("The incident is already " + c.severity());
        }
        List<IncidentEvent> events = new ArrayList<>(commanderInSameStep(s, c.commander(), ctx));
        requireSeniorCommander(c.severity(), commanderAfter(s, c.commander()));
        events.add(new SeverityClassified(s.severity(), c.severity(), c.reason(), ctx.now(), ctx.actor()));
        return events;
    }

    private static List<IncidentEvent> assignRole(Incident s, AssignRole c, CommandContext ctx) {
        allowedIn(s, "assign roles on", DETECTED, TRIAGED, CONTAINED, RESOLVED);
        requireCommand(s, ctx, "assign roles");
        if (c.role() == null) {
            throw IncidentRefusal.invalid("role", "must be one of " + Arrays.toString(IncidentRole.values()));
        }
        requirePerson("", c.person());
        if (c.role() == IncidentRole.INCIDENT_COMMANDER && classifiedSevere(s) && !c.person().seniorLeader()) {
            throw IncidentRefusal.rule(s.severity() + " needs a senior engineering leader as incident commander; "
                    + c.person().name() + " is not flagged as one (seniorLeader=false)");
        }
        Person current = s.holder(c.role());
        if (current != null && current.equals(c.person())) {
            throw IncidentRefusal.rule(c.person().name() + " already holds " + c.role());
        }
        return List.of(new RoleAssigned(c.role(), c.person(), current, ctx.now(), ctx.actor()));
    }

    /** The commander named in a triage or severity command is assigned first, so the rule sees them. */
    private static List<IncidentEvent> commanderInSameStep(Incident s, @Nullable Person commander, CommandContext ctx) {
        if (commander == null) {
            return List.of();
        }
        requirePerson("commander.", commander);
        Person current = s.holder(IncidentRole.INCIDENT_COMMANDER);
        if (commander.equals(current)) {
            return List.of();
        }
        return List.of(new RoleAssigned(IncidentRole.INCIDENT_COMMANDER, commander, current, ctx.now(), ctx.actor()));
    }

    @Nullable
    private static Person commanderAfter(Incident s, @Nullable Person named) {
        return named != null ? named : s.holder(IncidentRole.INCIDENT_COMMANDER);
    }

    private static void requireSeniorCommander(Severity severity, @Nullable Person commander) {
        if (!SENIOR_COMMAND.contains(severity)) {
            return;
        }
        if (commander == null) {
            throw IncidentRefusal.rule(severity + " needs a senior engineering leader as incident commander: assign one"
                    + " (PUT .../roles/INCIDENT_COMMANDER) or name one as \"commander\" in this request");
        }
        if (!commander.seniorLeader()) {
            throw IncidentRefusal.rule(severity + " needs a senior engineering leader as incident commander; the current"
                    + " commander " + commander.name() + " is not one. Assign a senior leader first or name one as"
                    + " \"commander\" in this request");
        }
    }

    /** Severity set by triage or a classification (a detection's suggestion does not count). */
    private static boolean classifiedSevere(Incident s) {
        return !s.severityHistory().isEmpty() && s.severity() != null && SENIOR_COMMAND.contains(s.severity());
    }

    // --- Phase 3: containment

    private static List<IncidentEvent> containmentAction(Incident s, RecordContainmentAction c, CommandContext ctx) {
        allowedIn(s, "record containment actions on", DETECTED, TRIAGED, CONTAINED);
        requireResponder(s, ctx, "record containment actions");
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
        return List.of(new ContainmentActionRecorded(ctx.newId(), c.type(), c.description(), c.targetModelVersion(),
                c.fallback(), c.scope(), c.effective(), ctx.now(), ctx.actor()));
    }

    private static List<IncidentEvent> declareContainment(Incident s, DeclareContainment c, CommandContext ctx) {
        allowedIn(s, "declare containment of", TRIAGED);
        requireCommand(s, ctx, "declare containment");
        required("summary", c.summary());
        if (!s.effectiveContainment()) {
            throw IncidentRefusal.rule("Containment needs at least one containment action that stopped the harm;"
                    + " record one with \"effective\": true first");
        }
        return List.of(new IncidentContained(c.summary(), ctx.now(), ctx.actor()));
    }

    // --- Phase 4: investigation

    private static List<IncidentEvent> finding(Incident s, RecordFinding c, CommandContext ctx) {
        allowedIn(s, "record findings on", DETECTED, TRIAGED, CONTAINED, RESOLVED);
        requireResponder(s, ctx, "record findings");
        required("description", c.description());
        return List.of(new FindingRecorded(ctx.newId(), c.description(), c.affectedPopulation(), c.evidence(),
                ctx.now(), ctx.actor()));
    }

    private static List<IncidentEvent> rootCause(Incident s, IdentifyRootCause c, CommandContext ctx) {
        allowedIn(s, "identify the root cause of", TRIAGED, CONTAINED, RESOLVED);
        requireResponder(s, ctx, "identify the root cause");
        if (c.category() == null) {
            throw IncidentRefusal.invalid("category", "must name one of the playbook's root-cause categories or OTHER");
        }
        required("description", c.description());
        List<String> factors = c.contributingFactors() == null ? List.of() : c.contributingFactors();
        return List.of(new RootCauseIdentified(c.category(), c.description(), factors, ctx.now(), ctx.actor()));
    }

    // --- Phase 5: resolution

    private static List<IncidentEvent> resolutionStep(Incident s, RecordResolutionStep c, CommandContext ctx) {
        allowedIn(s, "record resolution steps on", TRIAGED, CONTAINED);
        requireResponder(s, ctx, "record resolution steps");
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

    private static List<IncidentEvent> resolve(Incident s, ResolveIncident c, CommandContext ctx) {
        allowedIn(s, "resolve", CONTAINED);
        requireCommand(s, ctx, "resolve the incident");
        required("summary", c.summary());
        if (!s.fixDeployed()) {
            throw IncidentRefusal.rule("RESOLVED requires the fix to be deployed: record a FIX_DEPLOYED resolution step"
                    + " first");
        }
        return List.of(new IncidentResolved(c.summary(), ctx.now(), ctx.actor()));
    }

    // --- The scribe's log, closing and reopening

    private static List<IncidentEvent> timelineEntry(Incident s, AddTimelineEntry c, CommandContext ctx) {
        allowedIn(s, "add timeline entries to", DETECTED, TRIAGED, DISMISSED, CONTAINED, RESOLVED);
        requireResponder(s, ctx, "add timeline entries");
        if (c.at() == null) {
            throw IncidentRefusal.invalid("at", "must say when the logged event happened");
        }
        notInFuture("at", c.at(), ctx);
        required("text", c.text());
        return List.of(new TimelineEntryAdded(ctx.newId(), c.at(), c.text(), ctx.now(), ctx.actor()));
    }

    private static List<IncidentEvent> close(Incident s, CloseIncident c, CommandContext ctx) {
        allowedIn(s, "close", RESOLVED);
        requireCommand(s, ctx, "close the incident");
        required("summary", c.summary());
        if (s.severity() != null && REVIEW_REQUIRED.contains(s.severity()) && !s.reviewPublished()) {
            throw IncidentRefusal.rule("Closing a " + s.severity() + " incident requires a published post-incident"
                    + " review");
        }
        return List.of(new IncidentClosed(c.summary(), ctx.now(), ctx.actor()));
    }

    private static List<IncidentEvent> reopen(Incident s, ReopenIncident c, CommandContext ctx) {
        allowedIn(s, "reopen", RESOLVED, CLOSED);
        requireCommand(s, ctx, "reopen the incident");
        required("reason", c.reason());
        return List.of(new IncidentReopened(c.reason(), s.status(), ctx.now(), ctx.actor()));
    }

    // --- Phase 6: communication; regulators

    private static final Set<Audience> EXTERNAL = EnumSet.of(Audience.CLIENT, Audience.LEADERSHIP, Audience.REGULATOR);

    private static List<IncidentEvent> statusUpdate(Incident s, PostStatusUpdate c, CommandContext ctx) {
        allowedIn(s, "post status updates on", DETECTED, TRIAGED, DISMISSED, CONTAINED, RESOLVED);
        requireCommandOrRole(s, ctx, IncidentRole.COMMUNICATIONS_LEAD, "post status updates");
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

    private static List<IncidentEvent> regulatoryAssessment(Incident s, RecordRegulatoryAssessment c,
                                                            CommandContext ctx) {
        allowedIn(s, "assess the regulatory duties of", DETECTED, TRIAGED, CONTAINED, RESOLVED);
        requireCommand(s, ctx, "record the regulatory assessment");
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
        return List.of(new RegulatoryAssessmentRecorded(c.awareAt(), c.personalDataInvolved(), c.phiInvolved(),
                c.affectedIndividuals(), c.aiActSeriousIncident(), c.nis2Significant(),
                RegulatoryDeadlines.of(c.awareAt(), c.personalDataInvolved(), c.phiInvolved(), c.affectedIndividuals(),
                        c.aiActSeriousIncident(), c.nis2Significant()), ctx.now(), ctx.actor()));
    }

    // --- Phase 7: post-incident review and action items

    private static List<IncidentEvent> draftReview(Incident s, DraftReview c, CommandContext ctx) {
        allowedIn(s, "draft the review of", TRIAGED, CONTAINED, RESOLVED);
        requireCommand(s, ctx, "draft the post-incident review");
        PostIncidentReview review = c.review();
        if (review == null) {
            throw IncidentRefusal.invalid("summary", "must not be blank");
        }
        required("summary", review.summary());
        if (s.reviewPublished()) {
            throw IncidentRefusal.rule("The post-incident review is already published");
        }
        return List.of(new ReviewDrafted(review, ctx.now(), ctx.actor()));
    }

    private static List<IncidentEvent> publishReview(Incident s, CommandContext ctx) {
        allowedIn(s, "publish the review of", RESOLVED);
        requireCommand(s, ctx, "publish the post-incident review");
        if (s.review() == null) {
            throw IncidentRefusal.rule("There is no review to publish: draft it first (PUT .../review)");
        }
        if (s.reviewPublished()) {
            throw IncidentRefusal.rule("The post-incident review is already published");
        }
        return List.of(new ReviewPublished(s.review().content(), ctx.now(), ctx.actor()));
    }

    private static List<IncidentEvent> addActionItem(Incident s, AddActionItem c, CommandContext ctx) {
        allowedIn(s, "add action items to", TRIAGED, CONTAINED, RESOLVED, CLOSED);
        requireResponder(s, ctx, "add action items");
        required("title", c.title());
        required("owner", c.owner());
        if (c.dueDate() == null) {
            throw IncidentRefusal.invalid("dueDate", "must be a date such as 2026-12-31");
        }
        if (c.kind() == null) {
            throw IncidentRefusal.invalid("kind", "must be PREVENT, DETECT, RESPOND or PROCESS");
        }
        return List.of(new ActionItemAdded(ctx.newId(), c.title(), c.owner(), c.dueDate(), c.kind(), ctx.now(),
                ctx.actor()));
    }

    private static List<IncidentEvent> completeActionItem(Incident s, CompleteActionItem c, CommandContext ctx) {
        requireResponder(s, ctx, "complete action items");
        Incident.ActionItem item = s.actionItems().stream().filter(i -> i.id().equals(c.itemId())).findFirst()
                .orElseThrow(() -> IncidentRefusal.notFound("Action item " + c.itemId() + " is not on this incident"));
        if (item.completedAt() != null) {
            throw IncidentRefusal.rule("Action item " + c.itemId() + " was completed at " + item.completedAt());
        }
        return List.of(new ActionItemCompleted(c.itemId(), ctx.now(), ctx.actor()));
    }

    // --- Checks shared by the commands

    private static void allowedIn(Incident s, String what, IncidentStatus... allowed) {
        if (Arrays.asList(allowed).contains(s.status())) {
            return;
        }
        String states = Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", "));
        throw IncidentRefusal.illegalTransition("Cannot " + what + " an incident that is " + s.status()
                + "; allowed only when the incident is " + states);
    }

    /** Commander decisions: the commander role, or the responder who holds INCIDENT_COMMANDER on this incident. */
    private static void requireCommand(Incident s, CommandContext ctx, String what) {
        Actor actor = ctx.actor();
        if (actor.roles().contains(COMMANDER)) {
            return;
        }
        Person commander = s.holder(IncidentRole.INCIDENT_COMMANDER);
        if (commander != null && commander.id().equals(actor.id())) {
            return;
        }
        throw IncidentRefusal.notPermitted("Only the incident commander may " + what);
    }

    /** Commander decisions, or the holder of {@code role} acting on it (the communications lead posts updates). */
    private static void requireCommandOrRole(Incident s, CommandContext ctx, IncidentRole role, String what) {
        Person holder = s.holder(role);
        if (holder != null && holder.id().equals(ctx.actor().id())) {
            return;
        }
        requireCommand(s, ctx, what);
    }

    private static void requireResponder(@Nullable Incident s, CommandContext ctx, String what) {
        List<String> roles = ctx.actor().roles();
        if (roles.contains(RESPONDER) || roles.contains(COMMANDER) || roles.contains(SYSTEM)) {
            return;
        }
        boolean holdsRole = s != null && s.roles().values().stream()
                .anyMatch(a -> a.person().id().equals(ctx.actor().id()));
        if (!holdsRole) {
            throw IncidentRefusal.notPermitted("Only responders and commanders may " + what);
        }
    }

    private static void requirePerson(String prefix, Person person) {
        if (person == null) {
            throw IncidentRefusal.invalid(prefix.isEmpty() ? "person" : prefix.substring(0, prefix.length() - 1),
                    "must name a person");
        }
        required(prefix + "id", person.id());
        required(prefix + "name", person.name());
    }

    private static void required(String field, String value) {
        required(field, value, "must not be blank");
    }

    private static void required(String field, String value, String message) {
        if (value == null || value.isBlank()) {
            throw IncidentRefusal.invalid(field, message);
        }
    }

    private static void notInFuture(String field, Instant at, CommandContext ctx) {
        if (at.isAfter(ctx.now().plus(CLOCK_SKEW))) {
            throw IncidentRefusal.invalid(field, "must not be in the future (now is " + ctx.now() + ")");
        }
    }

    // --- Evolution

    /** Replays events onto a state ({@code null} before the first event). */
    public static Incident fold(@Nullable Incident state, String incidentId, List<? extends IncidentEvent> events) {
        Incident current = state;
        for (IncidentEvent event : events) {
            current = evolve(current, incidentId, event);
        }
        return current;
    }

    /** Applies one stored event. Never refuses: whatever is in the stream happened. */
    public static Incident evolve(@Nullable Incident state, String incidentId, IncidentEvent event) {
        Incident.Builder b = state == null ? new Incident.Builder() : state.toBuilder();
        b.version++;
        if (event instanceof IncidentOpened e) {
            b.id = incidentId;
            b.title = e.title();
            b.description = e.description();
            b.category = e.category();
            b.systemId = e.systemId();
            b.source = e.source();
            b.simulation = e.simulation();
            b.correlationKey = e.correlationKey();
            if (e.detectionId() != null) {
                b.signals.add(new Incident.Signal(e.detectionId(), e.source(), e.title(), e.correlationKey(),
                        e.detectedAt(), e.suggestedSeverity(), e.evidence()));
            }
            b.status = DETECTED;
            b.severity = e.suggestedSeverity();
            b.suggestedSeverity = e.suggestedSeverity();
            b.occurredAt = e.occurredAt();
            b.detectedAt = e.detectedAt();
            b.openedBy = e.openedBy();
        } else if (event instanceof IncidentTriaged e) {
            b.status = TRIAGED;
            b.severityHistory.add(new Incident.SeverityChange(b.severity, e.severity(), e.rationale(), e.triagedAt(),
                    e.triagedBy()));
            b.severity = e.severity();
            b.triagedAt = e.triagedAt();
            b.triageRationale = e.rationale();
        } else if (event instanceof IncidentDismissed e) {
            b.status = DISMISSED;
            b.dismissedAt = e.dismissedAt();
            b.triagedAt = e.dismissedAt();
            b.triageRationale = e.rationale();
        } else if (event instanceof SeverityClassified e) {
            b.severityHistory.add(new Incident.SeverityChange(e.previousSeverity(), e.severity(), e.reason(),
                    e.classifiedAt(), e.classifiedBy()));
            b.severity = e.severity();
        } else if (event instanceof RoleAssigned e) {
            Incident.RoleAssignment assignment = new Incident.RoleAssignment(e.role(), e.person(), e.assignedAt(),
                    e.assignedBy());
            b.roles.put(e.role(), assignment);
            b.roleHistory.add(assignment);
        } else if (event instanceof ContainmentActionRecorded e) {
            b.containmentActions.add(new Incident.ContainmentAction(e.actionId(), e.type(), e.description(),
                    e.targetModelVersion(), e.fallback(), e.scope(), e.effective(), e.takenAt(), e.takenBy()));
            b.effectiveContainment |= e.effective();
        } else if (event instanceof IncidentContained e) {
            b.status = CONTAINED;
            b.containedAt = e.containedAt();
            b.containmentSummary = e.summary();
        } else if (event instanceof FindingRecorded e) {
            b.findings.add(new Incident.Finding(e.findingId(), e.description(), e.affectedPopulation(), e.evidence(),
                    e.recordedAt(), e.recordedBy()));
        } else if (event instanceof RootCauseIdentified e) {
            b.rootCause = new Incident.RootCause(e.category(), e.description(), e.contributingFactors(),
                    e.identifiedAt(), e.identifiedBy());
        } else if (event instanceof ResolutionStepRecorded e) {
            b.resolutionSteps.add(new Incident.ResolutionStep(e.stepId(), e.step(), e.description(),
                    e.affectedDecisionsCorrected(), e.fairnessCriteriaMet(), e.performanceCriteriaMet(),
                    e.recordedAt(), e.recordedBy()));
            b.fixTested |= e.step() == ResolutionStepKind.FIX_TESTED;
            b.fixDeployed |= e.step() == ResolutionStepKind.FIX_DEPLOYED;
        } else if (event instanceof IncidentResolved e) {
            b.status = RESOLVED;
            b.resolvedAt = e.resolvedAt();
            b.resolutionSummary = e.summary();
        } else if (event instanceof TimelineEntryAdded e) {
            b.timeline.add(new Incident.TimelineEntry(e.entryId(), e.at(), e.text(), e.writtenAt(), e.writtenBy()));
        } else if (event instanceof SignalAttached e) {
            b.signals.add(new Incident.Signal(e.detectionId(), e.source(), e.summary(), e.correlationKey(),
                    e.detectedAt(), e.suggestedSeverity(), e.evidence()));
        } else if (event instanceof StatusUpdatePosted e) {
            b.statusUpdates.add(new Incident.StatusUpdate(e.updateId(), e.audience(), e.whatIsKnown(),
                    e.whatIsBeingDone(), e.nextUpdateBy(), e.postedAt(), e.postedBy()));
        } else if (event instanceof RegulatoryAssessmentRecorded e) {
            b.regulatory = new Incident.RegulatoryAssessment(e.awareAt(), e.personalDataInvolved(), e.phiInvolved(),
                    e.affectedIndividuals(), e.aiActSeriousIncident(), e.nis2Significant(), e.deadlines(),
                    e.assessedAt(), e.assessedBy());
        } else if (event instanceof ReviewDrafted e) {
            b.review = new Incident.Review(e.review(), e.draftedAt(), e.draftedBy(), null, null);
        } else if (event instanceof ReviewPublished e) {
            Incident.Review draft = b.review;
            b.review = new Incident.Review(e.review(), draft == null ? e.publishedAt() : draft.draftedAt(),
                    draft == null ? e.publishedBy() : draft.draftedBy(), e.publishedAt(), e.publishedBy());
            b.reviewPublished = true;
        } else if (event instanceof ActionItemAdded e) {
            b.actionItems.add(new Incident.ActionItem(e.itemId(), e.title(), e.owner(), e.dueDate(), e.kind(),
                    e.addedAt(), e.addedBy(), null, null));
        } else if (event instanceof ActionItemCompleted e) {
            b.actionItems.replaceAll(item -> item.id().equals(e.itemId()) ? new Incident.ActionItem(item.id(),
                    item.title(), item.owner(), item.dueDate(), item.kind(), item.addedAt(), item.addedBy(),
                    e.completedAt(), e.completedBy()) : item);
        } else if (event instanceof IncidentClosed e) {
            b.status = CLOSED;
            b.closedAt = e.closedAt();
            b.closingSummary = e.summary();
        } else if (event instanceof IncidentReopened e) {
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
        } else {
            throw new IllegalArgumentException("Unknown event " + event.getClass().getName());
        }
        return b.build();
    }
}
