package dev.aiim.incident.rest;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.ReportStages;
import dev.aiim.contracts.people.DirectoryPerson;
import dev.aiim.incident.domain.PlaybookAgenda;
import dev.aiim.incident.domain.ResponseAction;
import dev.aiim.incident.eventstore.CheckpointStatus;
import dev.aiim.incident.eventstore.IntegrityReport;
import dev.aiim.incident.projection.TimelineItem;
import dev.aiim.incident.service.IncidentRecordCache;
import dev.aiim.platform.problem.Problem;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the incident page shows, worked out before rendering: the template only lays it out. {@code allowed}
 * holds the forms (by path) the signed-in user may submit now; {@code refusal} the last refused form, drawn again
 * with what was typed ({@code typed}) and the problem in words.
 */
record ConsolePage(
        IncidentView incident,
        @Nullable AiSystem system,
        List<NextStep> next,
        List<Clock> clocks,
        List<SignalEvidence> signals,
        List<TimelineItem> timeline,
        Integrity integrity,
        List<DirectoryPerson> people,
        Set<String> allowed,
        @Nullable Refusal refusal,
        Map<String, String> typed,
        String csrf,
        Actor user,
        boolean actor,
        boolean regulator,
        boolean exports,
        String reportingUrl,
        String now) {

    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** The value a datetime-local input takes (the console's times are UTC). */
    static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    /** One item of "what the playbook asks next": the form that does it, or who it waits for. */
    record NextStep(String text, @Nullable String due, @Nullable String left, boolean overdue, @Nullable String form,
                    boolean allowed, @Nullable String waitingFor) {
    }

    /** A running clock: what is due, by when, and how long is left (or "overdue"). */
    record Clock(String label, String due, String left, boolean overdue) {
    }

    /** A refused form: which, the answer's status, the problem in words, and what changed meanwhile (412). */
    record Refusal(String form, int status, String title, String detail, List<Problem.FieldError> errors,
                   List<TimelineItem> changedSince) {
    }

    /**
     * The chain as last checked: recomputed in full from storage at {@code recomputedAt}, and the {@code checkedSince}
     * events stored after that checked against the head as they were read.
     */
    record Integrity(IntegrityReport report, String recomputedAt, long checkedSince, Checkpoint checkpoint) {
    }

    /** The signed checkpoint that covered the stream when it was last read whole, and whether the stream matched. */
    record Checkpoint(String id, String takenAt, long coveredVersion, boolean matches, String problem,
                      String stamped) {
    }

    static Integrity integrity(IncidentRecordCache.IncidentRecord record) {
        CheckpointStatus c = record.checkpoint();
        Checkpoint checkpoint = c == null ? null : new Checkpoint(c.id(), SHOWN.format(c.takenAt()),
                c.coveredVersion(), c.matches(), c.problem(), c.stampedAt() == null ? null
                : SHOWN.format(c.stampedAt()) + " by " + c.stampedBy());
        return new Integrity(record.integrity(), SHOWN.format(record.recomputedAt()), record.checkedSince(),
                checkpoint);
    }

    /** The same page with a refused form drawn again. */
    ConsolePage withRefusal(Refusal refused) {
        return new ConsolePage(incident, system, next, clocks, signals, timeline, integrity, people, allowed, refused,
                typed, csrf, user, actor, regulator, exports, reportingUrl, now);
    }

    static NextStep step(PlaybookAgenda.Item item, Instant now, Set<String> allowed) {
        String form = item.action() == null ? null : ConsoleForms.formOf(item.action());
        boolean can = form != null && allowed.contains(form);
        String waiting = form != null && !can ? item.action().authority().holder() : null;
        return new NextStep(item.text(), item.due() == null ? null : SHOWN.format(item.due()),
                item.due() == null ? null : left(item.due(), now), item.overdueAt(now), form, can, waiting);
    }

    static Clock clock(String label, Instant due, Instant now) {
        return new Clock(label, SHOWN.format(due), left(due, now), now.isAfter(due));
    }

    /** "12 min left", "3 h 5 min left", "overdue by 4 min". */
    static String left(Instant due, Instant now) {
        Duration gap = Duration.between(now, due);
        boolean overdue = gap.isNegative();
        long minutes = Math.abs(gap.toMinutes());
        String span = minutes >= 2 * 24 * 60 ? minutes / (24 * 60) + " days"
                : minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
        return overdue ? "overdue by " + span : span + " left";
    }

    // --- What the template asks

    public boolean can(String form) {
        return allowed.contains(form);
    }

    public boolean refused(String form) {
        return refusal != null && refusal.form().equals(form);
    }

    /**
     * A refusal of a form this page does not draw for the user (a forged post, a form of another role), or of a
     * button that has no place for a refusal next to it: shown at the top of the page.
     */
    public boolean refusedUnshown() {
        return refusal != null && (!allowed.contains(refusal.form())
                || ConsoleForms.BUTTONS.contains(refusal.form()));
    }

    /** What was sent with a refused form, to show it when the form itself is not drawn. */
    public Map<String, String> sent() {
        Map<String, String> sent = new LinkedHashMap<>(typed);
        sent.remove(ConsoleForms.VERSION_FIELD);
        return sent;
    }

    /** The value a field shows: what was typed into this form when it was refused, else {@code fallback}. */
    public String value(String form, String field, Object fallback) {
        return refused(form) && typed.containsKey(field) ? typed.get(field)
                : fallback == null ? "" : fallback.toString();
    }

    public String value(String form, String field) {
        return value(form, field, "");
    }

    /** A field of the review draft as its form shows it (lists one element per line), or "" before a draft. */
    public String draft(String field) {
        if (incident.review() == null || incident.review().review() == null) {
            return "";
        }
        PostIncidentReview r = incident.review().review().content();
        PostIncidentReview.ResponseEvaluation e = r.responseEvaluation();
        String value = switch (field) {
            case "summary" -> r.summary();
            case "impact" -> r.impact();
            case "timelineNarrative" -> r.timelineNarrative();
            case "rootCauseAnalysis" -> r.rootCauseAnalysis();
            case "fiveWhys" -> String.join("\n", r.fiveWhys());
            case "lessons" -> String.join("\n", r.lessons());
            case "responseEvaluation.detection" -> e == null ? null : e.detection();
            case "responseEvaluation.containment" -> e == null ? null : e.containment();
            case "responseEvaluation.communication" -> e == null ? null : e.communication();
            default -> throw new IllegalArgumentException("no review field " + field);
        };
        return value == null ? "" : value;
    }

    /** Whether a select's option is the one to show selected. */
    public boolean selected(String form, String field, String option, Object fallback) {
        return value(form, field, fallback).equals(option);
    }

    public String shown(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }

    /** "Rita (commander, responder)". */
    public String userLine() {
        return ConsoleResource.userLine(user);
    }

    /** Whether the registry's model version now is not the one it named when the incident opened. */
    public boolean versionAtOpenDiffers() {
        return incident.registryAtOpen() != null && system != null
                && !Objects.equals(incident.registryAtOpen().modelVersion(), system.modelVersion());
    }

    public String knownGood() {
        return knownGoodVersions().isEmpty() ? "none recorded" : String.join(", ", knownGoodVersions());
    }

    public List<String> knownGoodVersions() {
        return system == null ? List.of() : system.knownGoodVersions();
    }

    /** The regimes whose regulator export the integrity block links (reporting-service's signed-in pages). */
    public List<String> regimes() {
        return List.of(ReportStages.AI_ACT, ReportStages.GDPR, ReportStages.NIS2, ReportStages.HIPAA);
    }
}
