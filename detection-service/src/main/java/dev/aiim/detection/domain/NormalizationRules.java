package dev.aiim.detection.domain;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an integration's alert labels become our category, suggested severity and AI system. Defaults:
 * labels {@code category}, {@code severity}, {@code ai_system}, {@code model_version}; severities
 * critical/high/error/warning/info; a category label may also say fairness, drift, latency and the like.
 */
public record NormalizationRules(String categoryLabel, String severityLabel, String systemLabel,
                                 String modelVersionLabel, IncidentCategory defaultCategory,
                                 Map<String, Severity> severities, Map<String, IncidentCategory> categories,
                                 Grouping grouping) {

    /** Which detections share an incident: same system and category (default), or the sender's own group. */
    public enum Grouping {
        SYSTEM_CATEGORY, SENDER_GROUP
    }

    public static final NormalizationRules DEFAULTS = new NormalizationRules("category", "severity", "ai_system",
            "model_version", IncidentCategory.PERFORMANCE_DEGRADATION,
            Map.of("critical", Severity.SEV1, "high", Severity.SEV2, "error", Severity.SEV2, "major", Severity.SEV2,
                    "warning", Severity.SEV3, "minor", Severity.SEV3, "info", Severity.SEV4, "low", Severity.SEV4),
            Map.of("fairness", IncidentCategory.BIAS_FAIRNESS, "bias", IncidentCategory.BIAS_FAIRNESS,
                    "drift", IncidentCategory.PERFORMANCE_DEGRADATION,
                    "performance", IncidentCategory.PERFORMANCE_DEGRADATION,
                    "accuracy", IncidentCategory.PERFORMANCE_DEGRADATION, "latency", IncidentCategory.AVAILABILITY,
                    "errors", IncidentCategory.AVAILABILITY, "outage", IncidentCategory.AVAILABILITY),
            Grouping.SYSTEM_CATEGORY);

    public NormalizationRules {
        categoryLabel = or(categoryLabel, "category");
        severityLabel = or(severityLabel, "severity");
        systemLabel = or(systemLabel, "ai_system");
        modelVersionLabel = or(modelVersionLabel, "model_version");
        defaultCategory = defaultCategory == null ? IncidentCategory.PERFORMANCE_DEGRADATION : defaultCategory;
        severities = lower(severities == null ? Map.of() : severities);
        categories = lower(categories == null ? Map.of() : categories);
        grouping = grouping == null ? Grouping.SYSTEM_CATEGORY : grouping;
    }

    /** These rules with the defaults under any mapping they leave out. */
    public NormalizationRules withDefaults() {
        Map<String, Severity> s = new LinkedHashMap<>(DEFAULTS.severities);
        s.putAll(severities);
        Map<String, IncidentCategory> c = new LinkedHashMap<>(DEFAULTS.categories);
        c.putAll(categories);
        return new NormalizationRules(categoryLabel, severityLabel, systemLabel, modelVersionLabel, defaultCategory, s, c,
                grouping);
    }

    public IncidentCategory category(Map<String, String> labels) {
        String value = labels.get(categoryLabel);
        if (value == null || value.isBlank()) {
            return defaultCategory;
        }
        String key = value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (IncidentCategory category : IncidentCategory.values()) {
            if (category.name().equals(key)) {
                return category;
            }
        }
        return categories.getOrDefault(value.trim().toLowerCase(Locale.ROOT), defaultCategory);
    }

    @Nullable
    public Severity severity(Map<String, String> labels) {
        String value = labels.get(severityLabel);
        if (value == null) {
            return null;
        }
        String key = value.trim().toUpperCase(Locale.ROOT);
        for (Severity severity : Severity.values()) {
            if (severity.name().equals(key)) {
                return severity;
            }
        }
        return severities.get(value.trim().toLowerCase(Locale.ROOT));
    }

    /** The alert's AI system: its label, else the system the integration is bound to. */
    @Nullable
    public String system(Map<String, String> labels, @Nullable String boundSystem) {
        String value = labels.get(systemLabel);
        return value == null || value.isBlank() ? boundSystem : value.trim();
    }

    /**
     * The correlation key: {@code systemId:category} (or {@code integrationId:category} without a system),
     * or with SENDER_GROUP the sender's group ({@code groupKey}) when it has one.
     */
    public String correlationKey(@Nullable String systemId, IncidentCategory category, String integrationId,
                                 @Nullable String senderGroup) {
        if (grouping == Grouping.SENDER_GROUP && senderGroup != null && !senderGroup.isBlank()) {
            return integrationId + ":" + senderGroup;
        }
        return (systemId != null ? systemId : integrationId) + ":" + category.name();
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static <V> Map<String, V> lower(Map<String, V> map) {
        Map<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return Map.copyOf(out);
    }
}
