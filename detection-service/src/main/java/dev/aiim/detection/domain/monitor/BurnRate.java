package dev.aiim.detection.domain.monitor;

/**
 * Error-budget burn rates (Google SRE workbook, "Alerting on SLOs"): how many times faster than the SLO
 * allows the budget is being spent. A page needs a long and a short window both burning: 14.4x over
 * 1 h and 5 min (2 % of a 30-day budget in an hour), or 6x over 6 h and 30 min.
 */
public final class BurnRate {

    private BurnRate() {
    }

    /** {@code (bad / total) / (1 − slo)}; 0 without traffic. */
    public static double of(long bad, long total, double slo) {
        if (slo <= 0 || slo >= 1) {
            throw new IllegalArgumentException("an SLO is a ratio between 0 and 1, exclusive: " + slo);
        }
        return total == 0 ? 0 : ((double) bad / total) / (1 - slo);
    }

    /** Counts of bad and all events in one window. */
    public record Window(long bad, long total) {
    }

    /** Which rule, if any, fires; each needs {@code minEvents} in its long window so that 1 error in 3 does not page. */
    public static String breachedRule(Window oneHour, Window fiveMinutes, Window sixHours, Window thirtyMinutes,
                                      double slo, long minEvents) {
        if (oneHour.total() >= minEvents && of(oneHour.bad(), oneHour.total(), slo) > 14.4
                && of(fiveMinutes.bad(), fiveMinutes.total(), slo) > 14.4) {
            return "14.4x over 1h and 5m";
        }
        if (sixHours.total() >= minEvents && of(sixHours.bad(), sixHours.total(), slo) > 6
                && of(thirtyMinutes.bad(), thirtyMinutes.total(), slo) > 6) {
            return "6x over 6h and 30m";
        }
        return null;
    }
}
