package dev.aiim.incident.domain;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.incident.Nis2Significance;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The significance test of Commission Implementing Regulation (EU) 2024/2690 for NIS2 Art. 23(3). Art. 3(1): an
 * incident is significant when it caused or can cause a direct financial loss above EUR 500,000 or 5 % of the
 * entity's annual turnover, whichever is lower; exfiltrated trade secrets; caused a death or considerable damage to a
 * person's health; or was a successful, suspectedly malicious and unauthorised access able to cause severe
 * operational disruption. Art. 4: incidents that are not significant on their own count as one significant incident
 * when at least two occurred within six months with the same apparent root cause and together meet the financial
 * criterion. The entity-specific thresholds of Art. 5 to 14 (DNS, cloud, data centres...) are not evaluated.
 */
public final class Nis2Thresholds {

    /** Art. 3(1)(a): EUR 500,000, unless 5 % of the annual turnover is lower. */
    static final long LOSS_CEILING_EUR = 500_000;

    /** The facts a responder gives; {@code recurring} is filled by the service from the incident's history. */
    public record Nis2Facts(@Nullable Long financialLossEur, @Nullable Long annualTurnoverEur,
                            boolean tradeSecretsExfiltrated, boolean death, boolean considerableHealthDamage,
                            boolean maliciousAccess, List<Recurring> recurring) {

        public Nis2Facts {
            recurring = recurring == null ? List.of() : List.copyOf(recurring);
        }

        public Nis2Facts withRecurring(List<Recurring> found) {
            return new Nis2Facts(financialLossEur, annualTurnoverEur, tradeSecretsExfiltrated, death,
                    considerableHealthDamage, maliciousAccess, found);
        }
    }

    /** Another incident of the last six months with the same apparent root cause, and its recorded loss. */
    public record Recurring(String incidentId, long financialLossEur) {
    }

    private Nis2Thresholds() {
    }

    static Nis2Significance assess(Nis2Facts f) {
        List<String> met = new ArrayList<>();
        long threshold = threshold(f.annualTurnoverEur());
        long loss = f.financialLossEur() == null ? 0 : f.financialLossEur();
        if (loss > threshold) {
            met.add("Art. 3(1)(a): a direct financial loss of " + eur(loss) + ", above " + eur(threshold));
        }
        if (f.tradeSecretsExfiltrated()) {
            met.add("Art. 3(1)(b): trade secrets were exfiltrated");
        }
        if (f.death()) {
            met.add("Art. 3(1)(c): a person died");
        }
        if (f.considerableHealthDamage()) {
            met.add("Art. 3(1)(d): considerable damage to a person's health");
        }
        if (f.maliciousAccess()) {
            met.add("Art. 3(1)(e): a successful, suspectedly malicious and unauthorised access able to cause severe"
                    + " operational disruption");
        }
        Long collective = null;
        if (met.isEmpty() && !f.recurring().isEmpty()) {
            collective = loss + f.recurring().stream().mapToLong(Recurring::financialLossEur).sum();
            if (collective > threshold) {
                met.add("Art. 4: with " + f.recurring().stream().map(Recurring::incidentId).toList() + ", "
                        + (f.recurring().size() + 1) + " incidents within six months with the same apparent root"
                        + " cause, together a direct financial loss of " + eur(collective) + ", above "
                        + eur(threshold));
            }
        }
        return new Nis2Significance(f.financialLossEur(), f.annualTurnoverEur(), f.tradeSecretsExfiltrated(),
                f.death(), f.considerableHealthDamage(), f.maliciousAccess(),
                f.recurring().stream().map(Recurring::incidentId).toList(), collective, !met.isEmpty(), met);
    }

    static long threshold(@Nullable Long annualTurnoverEur) {
        return annualTurnoverEur == null ? LOSS_CEILING_EUR : Math.min(LOSS_CEILING_EUR, annualTurnoverEur / 20);
    }

    private static String eur(long amount) {
        return "EUR " + NumberFormat.getIntegerInstance(Locale.UK).format(amount);
    }
}
