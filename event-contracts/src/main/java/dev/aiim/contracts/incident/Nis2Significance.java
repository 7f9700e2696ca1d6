package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.util.List;

/**
 * Whether an incident is significant under NIS2 by the criteria of Commission Implementing Regulation (EU) 2024/2690:
 * the facts given (Art. 3(1): direct financial loss against EUR 500,000 or 5 % of the annual turnover, whichever is
 * lower; exfiltration of trade secrets; a death; considerable damage to health; suspected malicious unauthorised
 * access able to cause severe disruption), the other incidents of the last six months with the same apparent root
 * cause counted with it (Art. 4), and the criteria met, in words. The entity-specific thresholds (Art. 5 to 14) are
 * not evaluated.
 */
public record Nis2Significance(
        @Nullable Long financialLossEur,
        @Nullable Long annualTurnoverEur,
        boolean tradeSecretsExfiltrated,
        boolean death,
        boolean considerableHealthDamage,
        boolean maliciousAccess,
        List<String> recurringIncidents,
        @Nullable Long collectiveLossEur,
        boolean significant,
        List<String> criteriaMet) {

    public Nis2Significance {
        recurringIncidents = recurringIncidents == null ? List.of() : List.copyOf(recurringIncidents);
        criteriaMet = criteriaMet == null ? List.of() : List.copyOf(criteriaMet);
    }
}
