package dev.aiim.detection.domain;

import dev.aiim.contracts.IncidentCategory;

/**
 * What a reporter may say seems wrong, in plain words (optional: nobody has to diagnose), and the
 * category it suggests.
 */
public enum ReportConcern {
    UNFAIR("It treats some people unfairly", IncidentCategory.BIAS_FAIRNESS),
    WRONG_ANSWERS("Its answers or decisions look wrong", IncidentCategory.PERFORMANCE_DEGRADATION),
    HARMFUL("It says or does something harmful or unsafe", IncidentCategory.SAFETY),
    PERSONAL_DATA("It reveals personal or private information", IncidentCategory.PRIVACY),
    MANIPULATED("Someone seems to be manipulating or attacking it", IncidentCategory.SECURITY),
    NOT_WORKING("It is not working, or very slow", IncidentCategory.AVAILABILITY),
    NOT_SURE("I am not sure", IncidentCategory.PERFORMANCE_DEGRADATION);

    private final String label;
    private final IncidentCategory category;

    ReportConcern(String label, IncidentCategory category) {
        this.label = label;
        this.category = category;
    }

    public String label() {
        return label;
    }

    public IncidentCategory category() {
        return category;
    }
}
