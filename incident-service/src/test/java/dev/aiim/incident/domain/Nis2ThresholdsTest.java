package dev.aiim.incident.domain;

import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.Nis2Significance;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.incident.domain.IncidentCommand.RecordRegulatoryAssessment;
import dev.aiim.incident.domain.Nis2Thresholds.Nis2Facts;
import dev.aiim.incident.domain.Nis2Thresholds.Recurring;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.aiim.incident.domain.Scenario.DETECTED;
import static dev.aiim.incident.domain.Scenario.given;
import static dev.aiim.incident.domain.Scenario.opened;
import static dev.aiim.incident.domain.Scenario.triaged;
import static org.assertj.core.api.Assertions.assertThat;

/** NIS2 significance by Implementing Regulation (EU) 2024/2690: Art. 3's criteria and Art. 4's recurrence. */
class Nis2ThresholdsTest {

    private static Nis2Facts loss(Long eur, Long turnover, Recurring... recurring) {
        return new Nis2Facts(eur, turnover, false, false, false, false, List.of(recurring));
    }

    @Test
    void a_loss_above_half_a_million_or_five_percent_of_turnover_whichever_is_lower_is_significant() {
        assertThat(Nis2Thresholds.assess(loss(620_000L, null)).criteriaMet()).singleElement().asString()
                .startsWith("Art. 3(1)(a)").contains("EUR 620,000", "EUR 500,000");
        assertThat(Nis2Thresholds.assess(loss(300_000L, 4_000_000L)).significant())
                .as("5 % of EUR 4 million is EUR 200,000").isTrue();
        assertThat(Nis2Thresholds.assess(loss(300_000L, 100_000_000L)).significant()).isFalse();
        assertThat(Nis2Thresholds.assess(loss(500_000L, null)).significant()).as("above, not at").isFalse();
    }

    @Test
    void trade_secrets_a_death_health_damage_or_malicious_access_are_significant_whatever_the_loss() {
        Nis2Significance all = Nis2Thresholds.assess(new Nis2Facts(null, null, true, true, true, true, List.of()));
        assertThat(all.criteriaMet()).hasSize(4).allMatch(c -> c.startsWith("Art. 3(1)("));
    }

    @Test
    void incidents_with_the_same_root_cause_within_six_months_count_together() {
        Nis2Significance together = Nis2Thresholds.assess(loss(300_000L, null, new Recurring("inc-a", 250_000L)));
        assertThat(together.significant()).isTrue();
        assertThat(together.collectiveLossEur()).isEqualTo(550_000L);
        assertThat(together.recurringIncidents()).containsExactly("inc-a");
        assertThat(together.criteriaMet()).singleElement().asString().startsWith("Art. 4").contains("EUR 550,000");
        assertThat(Nis2Thresholds.assess(loss(100_000L, null, new Recurring("inc-a", 250_000L))).significant())
                .isFalse();
    }

    @Test
    void thresholds_met_make_the_incident_significant_and_start_the_nis2_clocks() {
        Incident incident = given(opened(), triaged(Severity.SEV2)).after(new RecordRegulatoryAssessment(DETECTED,
                false, false, null, null, false, loss(750_000L, null)));
        assertThat(incident.regulatory().nis2Significant()).isTrue();
        assertThat(incident.regulatory().nis2().criteriaMet()).hasSize(1);
        assertThat(incident.regulatory().deadlines()).extracting(RegulatoryDeadline::regime)
                .contains(RegulatoryDeadlines.NIS2_EARLY_WARNING, RegulatoryDeadlines.NIS2_FINAL);
    }
}
