package dev.aiim.detection.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SystemBindingTest {

    private static Integration integration(String systemId) {
        return new Integration("int-1", "Prometheus", IntegrationType.ALERTMANAGER, systemId, "aiim_…",
                Integration.IntegrationStatus.ACTIVE, Instant.EPOCH, "ada", null, null, NormalizationRules.DEFAULTS, null);
    }

    private static InboundAlert alert(String system) {
        Map<String, String> labels = system == null ? Map.of("alertname", "Drift")
                : Map.of("alertname", "Drift", "ai_system", system);
        return new InboundAlert("fp-1", true, "Output drift", labels, null, null, Map.of(), null, null);
    }

    @Test
    void a_bound_integration_may_name_its_own_system_or_none() {
        Integration bound = integration("credit-scoring");
        List<InboundAlert> alerts = List.of(alert("credit-scoring"), alert(null));
        assertThat(SystemBinding.apply(bound, alerts, Set.of())).isEqualTo(alerts);
    }

    @Test
    void a_bound_integration_naming_another_system_is_refused() {
        assertThatThrownBy(() -> SystemBinding.apply(integration("credit-scoring"), List.of(alert(null),
                alert("recsys")), Set.of("recsys")))
                .isInstanceOf(SystemBinding.Violation.class)
                .hasMessageContaining("'credit-scoring' only; alert 1 names 'recsys'");
    }

    @Test
    void an_unbound_integration_names_registered_systems_and_invents_none() {
        Integration shared = integration(null);
        assertThat(SystemBinding.named(shared, List.of(alert("recsys"), alert("ghost"), alert(null))))
                .containsExactly("recsys", "ghost");
        List<InboundAlert> checked = SystemBinding.apply(shared, List.of(alert("recsys"), alert("ghost")),
                Set.of("recsys"));
        assertThat(checked.get(0).labels()).containsEntry("ai_system", "recsys");
        assertThat(checked.get(1).labels()).doesNotContainKey("ai_system");
        assertThat(checked.get(1).evidence()).containsEntry(SystemBinding.UNREGISTERED_SYSTEM, "ghost");
        assertThat(NormalizationRules.DEFAULTS.system(checked.get(1).labels(), shared.systemId())).isNull();
    }
}
