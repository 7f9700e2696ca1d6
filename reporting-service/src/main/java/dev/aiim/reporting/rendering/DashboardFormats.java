package dev.aiim.reporting.rendering;

import dev.aiim.reporting.domain.IncidentMetrics;
import io.quarkus.qute.TemplateExtension;

/**
 * How the dashboard template prints figures ({@code fmt:percent(share)}, {@code fmt:minutes(stats)},
 * {@code fmt:duration(minutes)}, {@code fmt:verdict(target)}): shares as percentages, durations in the unit a
 * reader thinks in (minutes up to two hours, then hours up to two days, then days), "-" for no data.
 */
@TemplateExtension(namespace = "fmt")
public final class DashboardFormats {

    private DashboardFormats() {
    }

    /** {@code 0.873} as {@code 87 %}. */
    static String percent(Double share) {
        return share == null ? "-" : Math.round(share * 100) + " %";
    }

    /** The mean of a duration, as {@link #duration}. */
    static String minutes(IncidentMetrics.Stats stats) {
        return duration(stats.mean());
    }

    /**
     * A number of minutes as people say it: {@code 45 min}, {@code 2.5 h}, {@code 31 h}, {@code 279 d} (not
     * {@code 401950 min}); one decimal below ten of an hour or a day, none above.
     */
    static String duration(Number minutes) {
        if (minutes == null) {
            return "-";
        }
        double m = minutes.doubleValue();
        if (m < 120) {
            return Math.round(m) + " min";
        }
        if (m < 48 * 60) {
            return scaled(m / 60) + " h";
        }
        return scaled(m / (24 * 60)) + " d";
    }

    private static String scaled(double value) {
        if (value >= 10) {
            return String.valueOf(Math.round(value));
        }
        double tenths = Math.round(value * 10) / 10.0;
        return tenths == Math.rint(tenths) ? String.valueOf((long) tenths) : String.valueOf(tenths);
    }

    /** "met", "missed" or "no data" for a target share (all incidents within target counts as met). */
    static String verdict(IncidentMetrics.TargetShare target) {
        return target.share() == null ? "nodata" : target.share() >= 1.0 ? "met" : "missed";
    }
}
