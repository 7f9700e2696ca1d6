package dev.aiim.incident.domain;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.CausalLink;
import dev.aiim.contracts.incident.RegulatoryDeadline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which notification clocks an assessment starts, and when each runs out under EU AI Act Art. 73, GDPR
 * Art. 33/34, HIPAA (45 CFR 164.404-408) and NIS2 Art. 23 (docs/incidents.md). Days are calendar days counted
 * from the awareness instant, hours are clock hours; weekend and holiday extensions are not applied,
 * so every due time is the earliest the law can mean.
 */
public final class RegulatoryDeadlines {

    public static final String AI_ACT = "eu-ai-act-art73";
    public static final String GDPR_33 = "gdpr-art33";
    public static final String HIPAA_INDIVIDUALS = "hipaa-164.404";
    public static final String HIPAA_MEDIA = "hipaa-164.406";
    public static final String HIPAA_HHS = "hipaa-164.408";
    public static final String NIS2_EARLY_WARNING = "nis2-art23-early-warning";
    public static final String NIS2_NOTIFICATION = "nis2-art23-notification";
    public static final String NIS2_FINAL = "nis2-art23-final-report";

    /** HHS is notified with the individuals from this many affected people on (164.408(b)). */
    static final long HHS_CONTEMPORANEOUS = 500;

    private RegulatoryDeadlines() {
    }

    public static List<RegulatoryDeadline> of(Instant awareAt, boolean personalDataInvolved, boolean phiInvolved,
                                              @Nullable Long affectedIndividuals,
                                              @Nullable AiActSeriousIncident aiAct, boolean nis2Significant) {
        List<RegulatoryDeadline> deadlines = new ArrayList<>();
        if (aiAct != null) {
            deadlines.add(aiAct(awareAt, aiAct));
        }
        if (personalDataInvolved) {
            deadlines.add(new RegulatoryDeadline(GDPR_33, "Notify the supervisory authority of the personal data"
                    + " breach (without undue delay; give reasons if later than 72 hours)", awareAt,
                    awareAt.plus(Duration.ofHours(72))));
        }
        if (phiInvolved) {
            deadlines.addAll(hipaa(awareAt, affectedIndividuals));
        }
        if (nis2Significant) {
            Instant notification = awareAt.plus(Duration.ofHours(72));
            deadlines.add(new RegulatoryDeadline(NIS2_EARLY_WARNING, "Early warning to the CSIRT or competent"
                    + " authority (malicious cause suspected? cross-border impact?)", awareAt,
                    awareAt.plus(Duration.ofHours(24))));
            deadlines.add(new RegulatoryDeadline(NIS2_NOTIFICATION, "Incident notification: initial assessment of"
                    + " severity and impact, indicators of compromise", awareAt, notification));
            deadlines.add(new RegulatoryDeadline(NIS2_FINAL, "Final report one month after the incident notification"
                    + " (due time assumes the notification is sent at its deadline; earlier sending brings it"
                    + " forward)", notification, notification.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant()));
        }
        return deadlines;
    }

    /** Art. 73: 10 days for a death, 2 for a widespread infringement or critical infrastructure, else 15. */
    private static RegulatoryDeadline aiAct(Instant awareAt, AiActSeriousIncident facts) {
        boolean criticalInfrastructure = facts.criticalInfrastructure()
                || (facts.categories() != null && facts.categories().contains("b"));
        String rule;
        Duration within;
        if (facts.widespreadInfringement() || criticalInfrastructure) {
            rule = facts.widespreadInfringement() ? "widespread infringement" : "critical infrastructure (Art. 3(49)(b))";
            within = Duration.ofDays(2);
        } else if (facts.death()) {
            rule = "death of a person";
            within = Duration.ofDays(10);
        } else {
            rule = "serious incident";
            within = Duration.ofDays(15);
        }
        boolean linked = facts.causalLink() != null
                && facts.causalLink() != CausalLink.UNDER_INVESTIGATION;
        String when = linked ? "immediately: the causal link is " + facts.causalLink().name().toLowerCase()
                + ", and at the latest" : "immediately once a causal link is established, and at the latest";
        return new RegulatoryDeadline(AI_ACT, "Report the " + rule + " to the market surveillance authorities of "
                + memberStates(facts) + " " + when + " " + within.toDays() + " days after awareness", awareAt,
                awareAt.plus(within));
    }

    private static String memberStates(AiActSeriousIncident facts) {
        return facts.memberStates() == null || facts.memberStates().isEmpty() ? "the Member States concerned"
                : String.join(", ", facts.memberStates());
    }

    /** 164.404-164.408: individuals within 60 days; HHS with them from 500 people, else after the year ends. */
    private static List<RegulatoryDeadline> hipaa(Instant discoveredAt, @Nullable Long affected) {
        List<RegulatoryDeadline> deadlines = new ArrayList<>();
        Instant sixtyDays = discoveredAt.plus(Duration.ofDays(60));
        deadlines.add(new RegulatoryDeadline(HIPAA_INDIVIDUALS, "Notify each affected individual (without"
                + " unreasonable delay)", discoveredAt, sixtyDays));
        // An unknown count is treated as the stricter case.
        if (affected == null || affected >= HHS_CONTEMPORANEOUS) {
            deadlines.add(new RegulatoryDeadline(HIPAA_HHS, "Notify the HHS Secretary with the individuals"
                    + " (500 or more affected" + (affected == null ? ", assumed while the count is unknown" : "")
                    + ")", discoveredAt, sixtyDays));
        } else {
            int year = discoveredAt.atOffset(ZoneOffset.UTC).getYear();
            Instant yearEnd = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
            deadlines.add(new RegulatoryDeadline(HIPAA_HHS, "Log and report to the HHS Secretary within 60 days"
                    + " after the end of the calendar year (fewer than 500 affected)", discoveredAt,
                    yearEnd.plus(Duration.ofDays(60))));
        }
        if (affected == null || affected > HHS_CONTEMPORANEOUS) {
            deadlines.add(new RegulatoryDeadline(HIPAA_MEDIA, "Notify prominent media outlets if more than 500"
                    + " residents of one State or jurisdiction are affected", discoveredAt, sixtyDays));
        }
        return deadlines;
    }
}
