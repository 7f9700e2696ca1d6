package dev.aiim.detection.domain;

import dev.aiim.detection.domain.monitor.CreditScoringScenario;

import java.util.Locale;

/**
 * The game-day scenarios (playbook "Incident Simulation"): the stories the demo tells, replayed as drills
 * against a registered system's own monitor settings.
 */
public enum DrillScenario {

    CREDIT_MODEL_BIAS(CreditScoringScenario.Fault.GROUP_COLLAPSE,
            "A data pipeline change sends age in months: approvals of applicants aged 60+ collapse"),
    OUTPUT_DRIFT(CreditScoringScenario.Fault.OUTPUT_SHIFT,
            "A retrained model scores every applicant lower: its output distribution moves"),
    DATA_QUALITY_BREAK(CreditScoringScenario.Fault.INCOME_MISSING,
            "An upstream join breaks: income arrives empty");

    private final CreditScoringScenario.Fault fault;
    private final String story;

    DrillScenario(CreditScoringScenario.Fault fault, String story) {
        this.fault = fault;
        this.story = story;
    }

    public CreditScoringScenario.Fault fault() {
        return fault;
    }

    public String story() {
        return story;
    }

    /** The scenario's name in URLs and labels: {@code credit-model-bias}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
