package dev.aiim.reporting.rendering;

import dev.aiim.reporting.domain.IncidentMetrics;
import io.quarkus.qute.TemplateExtension;

/**
 * How the dashboard template prints figures ({@code fmt:percent(share)}, {@code fmt:minutes(stats)},
 * {@code fmt:verdict(target)}): shares as percentages, durations as minutes, "-" for no data.
 */
@TemplateExtension(namespace = "fmt")
public final class DashboardFormats {

    private DashboardFormats() {
    }

    /** {@code 0.873} as {@code 87 %}. */
    static String percent(Double share) {
        return share == null ? "-" : Math.round(share * 100) + " %";
    }

    /** The mean of a duration, in minutes. */
    static String minutes(IncidentMetrics.Stats stats) {
        return stats.mean() == null ? "-" : stats.mean() + " min";
    }

    /** "met", "missed" or "no data" for a target share (all incidents within target counts as met). */
    static String verdict(IncidentMetrics.TargetShare target) {
        return target.share() == null ? "nodata" : target.share() >= 1.0 ? "met" : "missed";
    }
}
