package dev.aiim.detection.domain;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How alert labels become our category, severity, system and correlation key. */
class NormalizationRulesTest {

    private final NormalizationRules defaults = NormalizationRules.DEFAULTS;

    @Test
    void categories_are_read_by_name_or_by_plain_word_and_default_to_performance() {
        assertThat(defaults.category(Map.of("category", "bias_fairness"))).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        assertThat(defaults.category(Map.of("category", "Fairness"))).isEqualTo(IncidentCategory.BIAS_FAIRNESS);
        assertThat(defaults.category(Map.of("category", "latency"))).isEqualTo(IncidentCategory.AVAILABILITY);
        assertThat(defaults.category(Map.of("category", "something else")))
                .isEqualTo(IncidentCategory.PERFORMANCE_DEGRADATION);
        assertThat(defaults.category(Map.of())).isEqualTo(IncidentCategory.PERFORMANCE_DEGRADATION);
    }

    @Test
    void severities_are_read_by_name_or_by_monitoring_word_and_unknown_ones_suggest_nothing() {
        assertThat(defaults.severity(Map.of("severity", "critical"))).isEqualTo(Severity.SEV1);
        assertThat(defaults.severity(Map.of("severity", "SEV2"))).isEqualTo(Severity.SEV2);
        assertThat(defaults.severity(Map.of("severity", "Warning"))).isEqualTo(Severity.SEV3);
        assertThat(defaults.severity(Map.of("severity", "page-me"))).isNull();
        assertThat(defaults.severity(Map.of())).isNull();
    }

    @Test
    void an_integration_can_rename_labels_and_add_mappings_keeping_the_defaults() {
        NormalizationRules custom = new NormalizationRules("kind", "priority", "model", null, IncidentCategory.SAFETY,
                Map.of("P1", Severity.SEV1), Map.of("toxicity", IncidentCategory.SAFETY), null).withDefaults();
        assertThat(custom.severity(Map.of("priority", "p1"))).isEqualTo(Severity.SEV1);
        assertThat(custom.severity(Map.of("priority", "critical"))).as("defaults kept").isEqualTo(Severity.SEV1);
        assertThat(custom.category(Map.of("kind", "toxicity"))).isEqualTo(IncidentCategory.SAFETY);
        assertThat(custom.category(Map.of())).isEqualTo(IncidentCategory.SAFETY);
        assertThat(custom.system(Map.of("model", "chat-bot"), "bound")).isEqualTo("chat-bot");
        assertThat(custom.system(Map.of(), "bound")).isEqualTo("bound");
    }

    @Test
    void correlation_is_by_system_and_category_unless_the_sender_groups() {
        assertThat(defaults.correlationKey("credit-scoring", IncidentCategory.BIAS_FAIRNESS, "int-1", "{}:{a=b}"))
                .isEqualTo("credit-scoring:BIAS_FAIRNESS");
        assertThat(defaults.correlationKey(null, IncidentCategory.SAFETY, "int-1", null)).isEqualTo("int-1:SAFETY");
        NormalizationRules bySender = new NormalizationRules(null, null, null, null, null, null, null,
                NormalizationRules.Grouping.SENDER_GROUP);
        assertThat(bySender.correlationKey("credit-scoring", IncidentCategory.BIAS_FAIRNESS, "int-1", "{}:{a=b}"))
                .isEqualTo("int-1:{}:{a=b}");
        assertThat(bySender.correlationKey("credit-scoring", IncidentCategory.BIAS_FAIRNESS, "int-1", null))
                .isEqualTo("credit-scoring:BIAS_FAIRNESS");
    }
}
