package dev.aiim.incident.domain;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.ResolutionStepKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.aiim.contracts.IncidentStatus.CONTAINED;
import static dev.aiim.contracts.IncidentStatus.DETECTED;
import static dev.aiim.contracts.IncidentStatus.RESOLVED;
import static dev.aiim.contracts.IncidentStatus.TRIAGED;

/**
 * What the playbook asks next of an incident's response, in the order to do it: each item in words, when it is
 * due, and the {@link ResponseAction} that does it. Computed from the incident's state by the same rules the
 * decider enforces, so every item names a step that the decider would accept now from someone with the authority.
 */
public final class PlaybookAgenda {

    /** One thing to do: {@code due} and {@code action} may be absent (a regulatory clock is done outside). */
    public record Item(String text, @Nullable Instant due, @Nullable ResponseAction action) {

        public boolean overdueAt(Instant now) {
            return due != null && now.isAfter(due);
        }
    }

    private PlaybookAgenda() {
    }

    /** {@code system}: the incident's AI system as the registry knows it, if it does. */
    public static List<Item> next(Incident s, ResponseTargets targets, @Nullable AiSystem system, Instant now) {
        List<Item> items = new ArrayList<>();
        if (s.status() == DETECTED) {
            items.add(new Item("Triage within " + words(targets.triage()) + ": confirm with a severity, or dismiss"
                    + " as a false alarm", targets.triageDue(s), ResponseAction.TRIAGE));
        }
        command(s, items);
        contain(s, targets, system, items);
        Instant updateDue = targets.nextUpdateDue(s);
        if (updateDue != null) {
            items.add(new Item("Post the " + s.severity() + " status update by the due time (every "
                    + words(targets.updateCadence(s.severity())) + ")", updateDue, ResponseAction.POST_STATUS_UPDATE));
        }
        regulatory(s, system, now, items);
        resolve(s, items);
        review(s, items);
        return items;
    }

    private static void command(Incident s, List<Item> items) {
        if (!ResponseAction.ASSIGN_ROLE.allowedIn(s.status())) {
            return;
        }
        Person commander = s.holder(IncidentRole.INCIDENT_COMMANDER);
        if (s.severity() != null && IncidentRules.SENIOR_COMMAND.contains(s.severity())
                && (commander == null || !commander.seniorLeader())) {
            items.add(new Item("Assign a senior engineering leader as incident commander (" + s.severity()
                    + " needs one)", null, ResponseAction.ASSIGN_ROLE));
        } else if (commander == null && (s.status() == TRIAGED || s.status() == CONTAINED)) {
            items.add(new Item("Assign an incident commander", null, ResponseAction.ASSIGN_ROLE));
        }
    }

    private static void contain(Incident s, ResponseTargets targets, @Nullable AiSystem system, List<Item> items) {
        if (s.status() != DETECTED && s.status() != TRIAGED) {
            return;
        }
        Instant due = targets.containmentDue(s);
        if (!s.effectiveContainment()) {
            if (s.status() == DETECTED && due == null) {
                return;
            }
            String rollback = system == null || system.knownGoodVersions().isEmpty() ? "roll back"
                    : "roll back to " + system.knownGoodVersions().get(system.knownGoodVersions().size() - 1)
                    + " (last known good)";
            Duration target = s.severity() == Severity.SEV1 ? targets.containmentSev1() : targets.containmentSev2();
            String within = due == null ? "Contain the harm: " : "Contain within " + words(target) + ": ";
            items.add(new Item(within + rollback + ", disable, degrade to a fallback, add a guardrail, or reduce scope",
                    due, ResponseAction.RECORD_CONTAINMENT_ACTION));
        } else if (s.status() == TRIAGED) {
            items.add(new Item("Declare the harm contained (an action stopped it)", due,
                    ResponseAction.DECLARE_CONTAINMENT));
        }
    }

    private static void regulatory(Incident s, @Nullable AiSystem system, Instant now, List<Item> items) {
        if (s.regulatory() == null) {
            boolean highRisk = system != null && system.riskTier() == RiskTier.HIGH;
            boolean personalData = system != null && system.dataCategories().stream()
                    .anyMatch(c -> c.toUpperCase(Locale.ROOT).contains("PERSONAL"));
            if ((highRisk || personalData) && ResponseAction.RECORD_REGULATORY_ASSESSMENT.allowedIn(s.status())
                    && s.status() != DETECTED) {
                items.add(new Item("Assess notification duties (" + (personalData ? "GDPR 72 h, " : "")
                        + "EU AI Act Art. 73): the system is " + (highRisk ? "high-risk" : "processing personal data"),
                        null, ResponseAction.RECORD_REGULATORY_ASSESSMENT));
            }
            return;
        }
        if (!s.isOpen()) {
            return;
        }
        for (RegulatoryDeadline deadline : s.regulatory().deadlines()) {
            if (s.clockMetAt(deadline.regime()) == null) {
                items.add(new Item(deadline.obligation() + " (" + deadline.regime() + ")", deadline.dueAt(),
                        ResponseAction.RECORD_REPORT_SUBMISSION));
            }
        }
    }

    private static void resolve(Incident s, List<Item> items) {
        if (s.status() != CONTAINED && s.status() != TRIAGED) {
            return;
        }
        if (s.rootCause() == null) {
            items.add(new Item("Identify the root cause (one of the playbook's nine causes) and contributing factors",
                    null, ResponseAction.IDENTIFY_ROOT_CAUSE));
        }
        if (!s.fixTested()) {
            items.add(new Item("Test the fix against fairness and performance criteria before deploying it", null,
                    ResponseAction.RECORD_RESOLUTION_STEP));
        } else if (!s.fixDeployed()) {
            items.add(new Item("Deploy the tested fix and record it", null, ResponseAction.RECORD_RESOLUTION_STEP));
        } else if (s.resolutionSteps().stream().noneMatch(r -> r.step() == ResolutionStepKind.IMPACT_REMEDIATED)) {
            items.add(new Item("Remediate the impact: correct the affected decisions and record how many", null,
                    ResponseAction.RECORD_RESOLUTION_STEP));
        }
        if (s.status() == CONTAINED && s.fixDeployed()) {
            items.add(new Item("Resolve the incident", null, ResponseAction.RESOLVE));
        }
    }

    private static void review(Incident s, List<Item> items) {
        if (s.status() != RESOLVED) {
            return;
        }
        boolean required = s.severity() != null && IncidentRules.REVIEW_REQUIRED.contains(s.severity());
        if (required && !s.reviewPublished()) {
            if (s.review() == null) {
                items.add(new Item("Write the blameless post-incident review (required for " + s.severity() + ")",
                        null, ResponseAction.DRAFT_REVIEW));
            }
            items.add(new Item("Publish the post-incident review, with its action items", null,
                    ResponseAction.PUBLISH_REVIEW));
        } else {
            items.add(new Item("Close the incident", null, ResponseAction.CLOSE));
        }
    }

    /** "30 minutes", "1 hour", "4 hours", "24 hours". */
    static String words(@Nullable Duration duration) {
        if (duration == null) {
            return "";
        }
        long minutes = duration.toMinutes();
        if (minutes % 60 != 0) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long hours = minutes / 60;
        return hours + (hours == 1 ? " hour" : " hours");
    }
}
