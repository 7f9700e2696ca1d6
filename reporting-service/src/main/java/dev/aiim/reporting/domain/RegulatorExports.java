package dev.aiim.reporting.domain;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.incident.AiActSeriousIncident;
import dev.aiim.contracts.incident.CausalLink;
import dev.aiim.contracts.incident.ContainmentActionRecorded;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.Nis2Significance;
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.RegulatoryReportSubmitted;
import dev.aiim.contracts.incident.ReportStages;
import dev.aiim.contracts.incident.RootCauseCategory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The regulator reports an incident can be exported as, built from its dossier: EU AI Act Art. 73
 * (initial and complete report), GDPR Art. 33, HIPAA breach notification, NIS2 Art. 23 (early warning,
 * notification, final report), each with the facts its law asks of a report (docs/reporting.md). A required fact the platform does not hold is never left out silently: it is named in
 * {@code missing}. Every report states its deadline and whether an export now meets it. The integrity
 * block is added by the caller, which holds the signing key.
 */
public final class RegulatorExports {

    public static final String AI_ACT = ReportStages.AI_ACT;
    public static final String GDPR = ReportStages.GDPR;
    public static final String HIPAA = ReportStages.HIPAA;
    public static final String NIS2 = ReportStages.NIS2;
    public static final List<String> REGIMES = List.of(AI_ACT, GDPR, HIPAA, NIS2);

    /** The stages each regime knows; the default: the first while open, the last once resolved (GDPR: the first). */
    public static final Map<String, List<String>> STAGES = ReportStages.STAGES;

    private RegulatorExports() {
    }

    /** A stage as its law names it, for people: {@code nis2}, {@code EARLY_WARNING} as "Early warning (...)". */
    public static String stageTitle(String regime, String stage) {
        return switch (regime + "/" + stage) {
            case AI_ACT + "/INITIAL" -> "Initial report (Art. 73(5): may be incomplete, a complete report follows)";
            case AI_ACT + "/COMPLETE" -> "Complete report (Art. 73)";
            case GDPR + "/NOTIFICATION" -> "Notification to the supervisory authority (Art. 33)";
            case GDPR + "/SUPPLEMENT" -> "Further information (Art. 33(4): provided in phases)";
            case HIPAA + "/NOTIFICATION" -> "Breach notification (45 CFR 164.404 to 164.408)";
            case NIS2 + "/EARLY_WARNING" -> "Early warning (Art. 23(4)(a), within 24 hours)";
            case NIS2 + "/NOTIFICATION" -> "Incident notification (Art. 23(4)(b), within 72 hours)";
            case NIS2 + "/FINAL" -> "Final report (Art. 23(4)(d), within one month)";
            default -> stage;
        };
    }

    /** The stage asked for, or the one the incident's state suggests. */
    public static String stage(String regime, String requested, IncidentDossier d) {
        List<String> stages = STAGES.get(regime);
        if (requested != null) {
            String normal = requested.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (!stages.contains(normal)) {
                throw new IllegalArgumentException("must be one of " + stages);
            }
            return normal;
        }
        boolean done = !d.record().open() && d.rootCause() != null;
        if (regime.equals(NIS2)) {
            return done ? "FINAL" : d.record().containedAt() != null ? "NOTIFICATION" : "EARLY_WARNING";
        }
        if (regime.equals(GDPR)) {
            return "NOTIFICATION"; // further information (SUPPLEMENT) only when asked for
        }
        return done ? stages.get(stages.size() - 1) : stages.get(0);
    }

    /** The report's content (without its integrity block), in a fixed field order. */
    public static Map<String, Object> build(String regime, String stage, IncidentDossier d, AiSystem system,
                                            ReportingEntity entity, Instant exportedAt) {
        Report r = new Report();
        r.put("schema", "https://aiim.dev/schemas/exports/" + regime + ".v2.json");
        r.put("regime", regime);
        r.put("stage", stage);
        r.put("reportId", d.record().incidentId() + "/" + regime + "/" + stage.toLowerCase(Locale.ROOT));
        r.put("exportedAt", exportedAt.toString());
        r.put("reportingEntity", entity(r, entity, regime));
        r.put("incident", incident(r, d));
        RegulatoryAssessmentRecorded a = d.assessment();
        if (a == null) {
            r.missing("regulatoryAssessment");
        }
        switch (regime) {
            case AI_ACT -> aiAct(r, d, system, stage);
            case GDPR -> gdpr(r, d, system, entity);
            case HIPAA -> hipaa(r, d, entity);
            case NIS2 -> nis2(r, d, system, stage);
            default -> throw new IllegalArgumentException("unknown regime " + regime);
        }
        r.put("measures", measures(d));
        r.put("follows", follows(d, regime, stage));
        r.put("submissions", d.submissions().stream().filter(x -> x.regime().equals(regime))
                .map(RegulatorExports::submission).toList());
        r.put("deadline", deadline(r, regime, stage, a, exportedAt, d.submissions()));
        r.put("missing", r.missing);
        return r.fields;
    }

    // --- sections

    private static Map<String, Object> entity(Report r, ReportingEntity e, String regime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("legalName", r.required("reportingEntity.legalName", e.legalName()));
        m.put("role", r.required("reportingEntity.role", e.role()));
        m.put("country", r.required("reportingEntity.country", e.country()));
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("name", r.required("reportingEntity.contact.name", e.contactName()));
        contact.put("email", r.required("reportingEntity.contact.email", e.contactEmail()));
        contact.put("phone", blank(e.contactPhone()) ? null : e.contactPhone());
        m.put("contact", contact);
        if (regime.equals(GDPR)) {
            m.put("dpoContact", r.required("reportingEntity.dpoContact", e.dpoEmail()));
        }
        return m;
    }

    private static Map<String, Object> incident(Report r, IncidentDossier d) {
        IncidentRecord rec = d.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("internalId", rec.incidentId());
        m.put("title", rec.title());
        m.put("description", r.required("incident.description", d.description()));
        m.put("category", rec.category().name());
        m.put("severity", rec.currentSeverity() == null ? null : rec.currentSeverity().name());
        m.put("status", rec.status().name());
        m.put("occurredAt", r.required("incident.occurredAt", rec.occurredAt()));
        m.put("detectedAt", text(rec.detectedAt()));
        m.put("awareAt", d.assessment() == null ? null : text(d.assessment().awareAt()));
        m.put("containedAt", text(rec.containedAt()));
        m.put("resolvedAt", text(rec.resolvedAt()));
        m.put("detectionSource", rec.source() == null ? null : rec.source().name());
        Person commander = d.roles().get(IncidentRole.INCIDENT_COMMANDER);
        m.put("incidentCommander", commander == null ? null : commander.name());
        return m;
    }

    /**
     * The system as it was when the incident opened (the registry's facts kept on the incident), not as the registry
     * says now: a report names the version that did the harm. Falls back to the registry now for an incident opened
     * before the facts were kept, and says which it is ({@code factsAsOf}), whether the registry entry changed since
     * ({@code registryChangedSince}), and each version a containment action moved the system to.
     */
    private static Map<String, Object> aiSystem(Report r, IncidentDossier d, AiSystem now) {
        RegistryFacts then = d.registryAtOpen();
        RegistryFacts facts = reported(d, now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.record().systemId());
        m.put("name", r.required("aiSystem.name", facts == null ? null : facts.name()));
        m.put("version", r.required("aiSystem.version", facts == null ? null : facts.modelVersion()));
        m.put("riskTier", facts == null ? null : facts.riskTier().name());
        m.put("intendedPurpose", r.required("aiSystem.intendedPurpose", now == null ? null : now.description()));
        m.put("euDatabaseRegistrationNumber", r.required("aiSystem.euDatabaseRegistrationNumber",
                facts == null ? null : facts.euDatabaseRegistrationNumber()));
        m.put("deployer", facts == null ? null : facts.clientName());
        m.put("jurisdictions", facts == null ? List.of() : facts.jurisdictions());
        m.put("factsAsOf", then != null ? "INCIDENT_OPENED" : "EXPORT");
        m.put("registryChangedSince", then == null || now == null ? null : now.version() != then.registryVersion());
        m.put("versionChanges", d.containment().stream().filter(c -> c.targetModelVersion() != null)
                .map(c -> {
                    Map<String, Object> change = new LinkedHashMap<>();
                    change.put("to", c.targetModelVersion());
                    change.put("at", text(c.takenAt()));
                    change.put("action", c.type().name());
                    change.put("from", c.registry() == null ? null : c.registry().modelVersion());
                    return change;
                }).toList());
        return m;
    }

    /** The registry's facts a report names: those kept when the incident opened, else the registry's now. */
    private static RegistryFacts reported(IncidentDossier d, AiSystem now) {
        return d.registryAtOpen() != null ? d.registryAtOpen() : now == null ? null : RegistryFacts.of(now);
    }

    private static void aiAct(Report r, IncidentDossier d, AiSystem system, String stage) {
        r.put("aiSystem", aiSystem(r, d, system));
        AiActSeriousIncident facts = d.assessment() == null ? null : d.assessment().aiActSeriousIncident();
        if (d.assessment() != null && facts == null) {
            r.missing("harm.seriousIncident (the assessment does not record an Art. 3(49) serious incident)");
        }
        Map<String, Object> harm = new LinkedHashMap<>();
        harm.put("art349Categories", facts == null || facts.categories().isEmpty()
                ? r.required("harm.art349Categories", null) : facts.categories());
        harm.put("death", facts == null ? null : facts.death());
        harm.put("widespreadInfringement", facts == null ? null : facts.widespreadInfringement());
        harm.put("criticalInfrastructure", facts == null ? null : facts.criticalInfrastructure());
        harm.put("memberStates", facts == null || facts.memberStates().isEmpty()
                ? r.required("harm.memberStates", null) : facts.memberStates());
        harm.put("affectedPersons", r.required("harm.affectedPersons",
                d.assessment() == null ? null : d.assessment().affectedIndividuals()));
        harm.put("affectedPopulation", d.findings().stream().map(f -> f.affectedPopulation())
                .filter(p -> p != null).findFirst().orElse(null));
        r.put("harm", harm);
        Map<String, Object> cause = cause(r, d, stage.equals("COMPLETE"));
        CausalLink link = facts == null ? null : facts.causalLink();
        cause.put("causalLink", r.required("cause.causalLink", link == null ? null : link.name()));
        cause.put("causalLinkAt", facts == null ? null : text(facts.causalLinkAt()));
        r.put("cause", cause);
        r.put("systemAlteredSinceIncident", d.containment().stream().anyMatch(c -> c.targetModelVersion() != null));
        r.put("evidencePreserved", evidencePreserved(r, d));
    }

    /**
     * Art. 73(6): what was kept before each containment action that altered the system (a ROLLBACK or DISABLE), and
     * the evidence links responders gave. An alteration recorded with nothing kept is named in {@code missing}.
     */
    private static List<Map<String, Object>> evidencePreserved(Report r, IncidentDossier d) {
        List<Map<String, Object>> kept = new ArrayList<>();
        for (ContainmentActionRecorded c : d.containment()) {
            boolean alters = c.type() == ContainmentType.ROLLBACK || c.type() == ContainmentType.DISABLE;
            if (c.preserved() == null) {
                if (alters) {
                    r.missing("evidencePreserved (the " + c.type() + " of " + text(c.takenAt()) + " records nothing"
                            + " kept before it altered the system: Art. 73(6))");
                }
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("actionId", c.actionId());
            m.put("action", c.type().name());
            m.put("takenAt", text(c.takenAt()));
            m.put("modelVersion", c.preserved().modelVersion());
            m.put("telemetry", c.preserved().telemetry().stream().map(w -> {
                Map<String, Object> window = new LinkedHashMap<>();
                window.put("detectionId", w.detectionId());
                window.put("systemId", w.systemId());
                window.put("from", text(w.from()));
                window.put("to", text(w.to()));
                window.put("referenceVersion", w.referenceVersion());
                return window;
            }).toList());
            m.put("links", c.preserved().links());
            kept.add(m);
        }
        return kept;
    }

    private static void gdpr(Report r, IncidentDossier d, AiSystem system, ReportingEntity entity) {
        RegulatoryAssessmentRecorded a = d.assessment();
        if (a != null && !a.personalDataInvolved()) {
            r.missing("breach.personalDataInvolved (the assessment found no personal data: GDPR Art. 33 may not apply)");
        }
        Map<String, Object> breach = new LinkedHashMap<>();
        breach.put("nature", r.required("breach.nature (confidentiality, integrity or availability)", null));
        breach.put("approxDataSubjects", r.required("breach.approxDataSubjects", a == null ? null : a.affectedIndividuals()));
        // the categories the system processed when the incident opened, if the registry said so then
        RegistryFacts facts = reported(d, system);
        List<String> categories = facts == null ? List.of() : facts.dataCategories();
        breach.put("dataCategories", categories.isEmpty() ? r.required("breach.dataCategories", null) : categories);
        breach.put("likelyConsequences", r.required("breach.likelyConsequences",
                d.review() != null && d.review().impact() != null ? d.review().impact()
                        : d.findings().stream().map(f -> f.description()).findFirst().orElse(null)));
        r.put("breach", breach);
        r.put("aiSystem", aiSystem(new Report(), d, system)); // context, not a GDPR requirement
    }

    private static void hipaa(Report r, IncidentDossier d, ReportingEntity entity) {
        RegulatoryAssessmentRecorded a = d.assessment();
        if (a != null && !a.phiInvolved()) {
            r.missing("breach.phiInvolved (the assessment found no protected health information: HIPAA may not apply)");
        }
        Map<String, Object> breach = new LinkedHashMap<>();
        breach.put("discoveredAt", r.required("breach.discoveredAt", a == null ? null : a.awareAt()));
        breach.put("breachStart", text(d.record().occurredAt()));
        breach.put("individualsAffected", r.required("breach.individualsAffected", a == null ? null : a.affectedIndividuals()));
        breach.put("phiTypes", r.required("breach.phiTypes", null));
        breach.put("whatHappened", r.required("breach.whatHappened", d.description()));
        breach.put("stepsIndividualsShouldTake", r.required("breach.stepsIndividualsShouldTake", null));
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("email", r.required("breach.contactProcedures.email", entity.contactEmail()));
        contact.put("phone", r.required("breach.contactProcedures.tollFreeNumber", entity.contactPhone()));
        breach.put("contactProcedures", contact);
        breach.put("notices", a == null ? List.of() : a.deadlines().stream().filter(dl -> dl.regime().startsWith("hipaa"))
                .map(RegulatorExports::deadlineFields).toList());
        r.put("breach", breach);
    }

    private static void nis2(Report r, IncidentDossier d, AiSystem system, String stage) {
        RegulatoryAssessmentRecorded a = d.assessment();
        if (a != null && !a.nis2Significant()) {
            r.missing("nis2.significant (the assessment did not find a significant incident: NIS2 Art. 23 may not apply)");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("significant", a == null ? null : a.nis2Significant());
        m.put("maliciousSuspected", d.rootCause() == null ? null
                : d.rootCause().category() == RootCauseCategory.ADVERSARIAL_MANIPULATION);
        List<String> states = a == null || a.aiActSeriousIncident() == null ? List.of()
                : a.aiActSeriousIncident().memberStates();
        m.put("crossBorderImpact", states.size() > 1);
        m.put("memberStates", states);
        Nis2Significance t = a == null ? null : a.nis2();
        if (t != null) {
            Map<String, Object> thresholds = new LinkedHashMap<>();
            thresholds.put("regulation", "Commission Implementing Regulation (EU) 2024/2690, Art. 3 and 4");
            thresholds.put("significant", t.significant());
            thresholds.put("criteriaMet", t.criteriaMet());
            thresholds.put("financialLossEur", t.financialLossEur());
            thresholds.put("recurringIncidents", t.recurringIncidents());
            thresholds.put("collectiveLossEur", t.collectiveLossEur());
            m.put("thresholds", thresholds);
        }
        if (!stage.equals("EARLY_WARNING")) {
            m.put("impactAssessment", r.required("nis2.impactAssessment",
                    d.review() != null && d.review().impact() != null ? d.review().impact()
                            : d.findings().stream().map(f -> f.description()).findFirst().orElse(null)));
            m.put("indicatorsOfCompromise", r.required("nis2.indicatorsOfCompromise", null));
        }
        r.put("nis2", m);
        if (stage.equals("FINAL")) {
            r.put("cause", cause(r, d, true));
        }
        r.put("aiSystem", aiSystem(new Report(), d, system));
    }

    private static Map<String, Object> cause(Report r, IncidentDossier d, boolean required) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", d.rootCause() == null ? "UNDER_INVESTIGATION" : "ESTABLISHED");
        Object category = d.rootCause() == null ? null : d.rootCause().category().name();
        m.put("rootCauseCategory", required ? r.required("cause.rootCause", category) : category);
        m.put("rootCause", d.rootCause() == null ? null : d.rootCause().description());
        m.put("contributingFactors", d.rootCause() == null ? List.of() : d.rootCause().contributingFactors());
        return m;
    }

    private static Map<String, Object> measures(IncidentDossier d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("containment", d.containment().stream().map(c -> {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", c.type().name());
            action.put("description", c.description());
            action.put("takenAt", text(c.takenAt()));
            action.put("effective", c.effective());
            action.put("targetModelVersion", c.targetModelVersion());
            return action;
        }).toList());
        m.put("corrective", d.resolutionSteps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s.step().name());
            step.put("description", s.description());
            step.put("at", text(s.header().recordedAt()));
            return step;
        }).toList());
        m.put("actionItems", d.record().actionItems().stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("title", i.title());
            item.put("owner", i.owner());
            item.put("dueDate", i.dueDate().toString());
            item.put("completedAt", text(i.completedAt()));
            return item;
        }).toList());
        return m;
    }

    /**
     * The submitted report of an earlier stage this one follows (Art. 73's complete report names its initial one;
     * NIS2's notification the early warning, its final report the notification; GDPR's further information the
     * notification): the latest such submission, null when none was recorded.
     */
    private static Map<String, Object> follows(IncidentDossier d, String regime, String stage) {
        List<String> stages = STAGES.get(regime);
        int at = stages.indexOf(stage);
        RegulatoryReportSubmitted previous = null;
        for (RegulatoryReportSubmitted x : d.submissions()) {
            if (x.regime().equals(regime) && stages.indexOf(x.stage()) < at) {
                previous = x;
            }
        }
        return previous == null ? null : submission(previous);
    }

    private static Map<String, Object> submission(RegulatoryReportSubmitted x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", x.stage());
        m.put("reportId", x.reportId());
        m.put("submittedAt", text(x.submittedAt()));
        m.put("digest", x.digest());
        m.put("authority", x.authority());
        m.put("authorityReference", x.authorityReference());
        return m;
    }

    /** The clock a stage answers: null where none runs (GDPR's further information, Art. 33(4)). */
    private static String clock(String regime, String stage) {
        List<String> clocks = ReportStages.clocks(regime, stage);
        return clocks.isEmpty() ? null : clocks.get(0);
    }

    /**
     * The regime's clock for this stage and whether it is met: by a report already submitted for it, else by one
     * sent now. A clock a submission restarted (NIS2's final report, a month after the notification) counts from
     * there.
     */
    private static Map<String, Object> deadline(Report r, String regime, String stage, RegulatoryAssessmentRecorded a,
                                                Instant exportedAt, List<RegulatoryReportSubmitted> submissions) {
        String clock = clock(regime, stage);
        if (clock == null) {
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("clock", "none");
            none.put("applicable", false);
            return none;
        }
        Optional<RegulatoryDeadline> due = a == null ? Optional.empty()
                : a.deadlines().stream().filter(dl -> dl.regime().equals(clock)).findFirst();
        for (RegulatoryReportSubmitted x : submissions) {
            if (x.nextDeadline() != null && x.nextDeadline().regime().equals(clock) && due.isPresent()) {
                due = Optional.of(x.nextDeadline());
            }
        }
        Optional<RegulatoryReportSubmitted> metBy = submissions.stream()
                .filter(x -> x.clocksMet().contains(clock)).findFirst();
        if (due.isEmpty()) {
            if (a != null) {
                r.missing("deadline (the assessment starts no " + clock + " clock)");
            }
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("clock", clock);
            none.put("applicable", false);
            return none;
        }
        Map<String, Object> m = deadlineFields(due.get());
        Instant sent = metBy.map(RegulatoryReportSubmitted::submittedAt).orElse(exportedAt);
        boolean met = !sent.isAfter(due.get().dueAt());
        m.put("applicable", true);
        m.put("met", met);
        m.put("status", met ? "ON_TIME" : "LATE");
        m.put("metBy", metBy.map(x -> x.reportId() + " submitted " + text(x.submittedAt())).orElse(null));
        if (!met && regime.equals(GDPR)) {
            r.missing("delayJustification (the report is later than 72 hours: GDPR Art. 33(1) asks for the reasons)");
        }
        return m;
    }

    private static Map<String, Object> deadlineFields(RegulatoryDeadline dl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clock", dl.regime());
        m.put("obligation", dl.obligation());
        m.put("clockStartedAt", text(dl.clockStartedAt()));
        m.put("dueAt", text(dl.dueAt()));
        return m;
    }

    /** An instant as the documents carry it (ISO 8601), null as null. */
    static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The fields in order, and the required facts found missing on the way. */
    private static final class Report {
        final Map<String, Object> fields = new LinkedHashMap<>();
        final List<String> missing = new ArrayList<>();

        void put(String key, Object value) {
            fields.put(key, value);
        }

        void missing(String what) {
            if (!missing.contains(what)) {
                missing.add(what);
            }
        }

        Object required(String field, Object value) {
            if (value == null || (value instanceof String s && s.isBlank())) {
                missing(field);
                return null;
            }
            return value instanceof Instant i ? i.toString() : value;
        }
    }

    /** Regimes by name, for validation. */
    public static boolean known(String regime) {
        return Set.copyOf(REGIMES).contains(regime);
    }
}
