package dev.aiim.incident.domain;

import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.ReportStages;
import dev.aiim.incident.domain.IncidentCommand.RecordReportSubmission;
import dev.aiim.incident.domain.IncidentEvent.RegulatoryReportSubmitted;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.aiim.incident.domain.IncidentRules.notInFuture;

/**
 * Regulator reports in the stages the law asks for, and the record that each was submitted: EU AI Act Art. 73(5)
 * (an initial, incomplete report, then a complete one), GDPR Art. 33(4) (information in phases), HIPAA, NIS2 Art. 23
 * (early warning, incident notification, final report). A submission names the stage, when it went to the authority
 * and the SHA-256 of the file sent; the clocks it satisfies stop reminding, and NIS2's notification starts the final
 * report's month.
 */
public final class ReportSubmissions {

    private static final Pattern SHA256 = Pattern.compile("(?i)(sha-?256:)?([0-9a-f]{64})");
    private static final Pattern REPR_DIGEST = Pattern.compile("(?i)sha-256=:([A-Za-z0-9+/]{43}=):");

    private ReportSubmissions() {
    }

    static List<IncidentEvent> record(Incident s, RecordReportSubmission c, CommandContext ctx) {
        ResponseAction.RECORD_REPORT_SUBMISSION.check(s, ctx);
        String regime = c.regime() == null ? "" : c.regime().trim().toLowerCase(Locale.ROOT);
        List<String> stages = ReportStages.STAGES.get(regime);
        if (stages == null) {
            throw IncidentRefusal.invalid("regime", "must be one of "
                    + ReportStages.STAGES.keySet().stream().sorted().toList());
        }
        String stage = c.stage() == null ? "" : c.stage().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (!stages.contains(stage)) {
            throw IncidentRefusal.invalid("stage", "a " + regime + " report is one of " + stages);
        }
        String sha = digest(c.digest());
        if (sha == null) {
            throw IncidentRefusal.invalid("digest", "must be the SHA-256 of the file as submitted: 64 hexadecimal"
                    + " digits (sha256sum), optionally prefixed sha-256:, or the export's Repr-Digest");
        }
        Instant submittedAt = c.submittedAt() == null ? ctx.now() : c.submittedAt();
        notInFuture("submittedAt", submittedAt, ctx);
        if (submittedAt.isBefore(s.detectedAt())) {
            throw IncidentRefusal.invalid("submittedAt", "is before the incident was detected");
        }
        if (s.regulatory() == null) {
            throw IncidentRefusal.rule("Record the regulatory assessment first: it says which laws apply and starts"
                    + " their clocks");
        }
        if (s.reportSubmissions().stream().anyMatch(r -> r.regime().equals(regime) && r.stage().equals(stage)
                && r.digest().equals(sha))) {
            throw IncidentRefusal.rule("This " + regime + " " + stage + " report (" + sha + ") is already recorded"
                    + " as submitted");
        }
        List<String> clocks = ReportStages.clocks(regime, stage).stream()
                .filter(clock -> s.regulatory().deadlines().stream().anyMatch(d -> d.regime().equals(clock))).toList();
        return List.of(new RegulatoryReportSubmitted(ctx.newId(), regime, stage,
                s.id() + "/" + regime + "/" + stage.toLowerCase(Locale.ROOT), sha, submittedAt,
                blankToNull(c.authority()), blankToNull(c.authorityReference()), clocks,
                nextDeadline(s, regime, stage, submittedAt), ctx.now(), ctx.actor()));
    }

    /**
     * A SHA-256 as people paste it (sha256sum's hex, with or without {@code sha-256:}, or an RFC 9530 Repr-Digest
     * {@code sha-256=:base64:}) as {@code sha-256:<hex>}; null when it is none of these.
     */
    static String digest(String given) {
        if (given == null) {
            return null;
        }
        String text = given.trim();
        Matcher hex = SHA256.matcher(text);
        if (hex.matches()) {
            return "sha-256:" + hex.group(2).toLowerCase(Locale.ROOT);
        }
        Matcher repr = REPR_DIGEST.matcher(text);
        if (repr.matches()) {
            return "sha-256:" + HexFormat.of().formatHex(Base64.getDecoder().decode(repr.group(1)));
        }
        return null;
    }

    /** NIS2 Art. 23(4)(d): the final report is due one month after the incident notification was submitted. */
    private static RegulatoryDeadline nextDeadline(Incident s, String regime, String stage, Instant submittedAt) {
        boolean finalClock = s.regulatory().deadlines().stream()
                .anyMatch(d -> d.regime().equals(RegulatoryDeadlines.NIS2_FINAL));
        if (!regime.equals(ReportStages.NIS2) || !stage.equals("NOTIFICATION") || !finalClock) {
            return null;
        }
        return new RegulatoryDeadline(RegulatoryDeadlines.NIS2_FINAL, "Final report one month after the incident"
                + " notification (submitted " + submittedAt + ")", submittedAt,
                submittedAt.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant());
    }

    static void onSubmitted(Incident.Builder b, RegulatoryReportSubmitted e) {
        b.reportSubmissions.add(new Incident.ReportSubmission(e.submissionId(), e.regime(), e.stage(), e.reportId(),
                e.digest(), e.submittedAt(), e.authority(), e.authorityReference(), e.clocksMet(), e.nextDeadline(),
                e.recordedAt(), e.recordedBy()));
        if (e.nextDeadline() != null && b.regulatory != null) {
            List<RegulatoryDeadline> deadlines = new ArrayList<>(b.regulatory.deadlines());
            deadlines.removeIf(d -> d.regime().equals(e.nextDeadline().regime()));
            deadlines.add(e.nextDeadline());
            var r = b.regulatory;
            b.regulatory = new Incident.RegulatoryAssessment(r.awareAt(), r.personalDataInvolved(), r.phiInvolved(),
                    r.affectedIndividuals(), r.aiActSeriousIncident(), r.nis2Significant(), deadlines, r.assessedAt(),
                    r.assessedBy(), r.nis2());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
