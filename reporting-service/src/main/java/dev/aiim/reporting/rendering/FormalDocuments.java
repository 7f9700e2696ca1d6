package dev.aiim.reporting.rendering;

import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.reporting.config.ReportingConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * The review and the regulator reports as documents people read: one Qute template per document
 * ({@code templates/documents/}) writes the XHTML that the browser shows and that {@link PdfA3} makes a PDF/A-3 of,
 * so the page and the PDF never disagree. Times are shown in the reader's time zone.
 */
@ApplicationScoped
public class FormalDocuments {

    /** What the layout prints around every document: its kind, title and subtitle, and who wrote it. */
    @TemplateData
    public record Page(String kind, String title, String subtitle, String author) {
    }

    private static final String AUTHOR = "AI incident platform: reporting-service";

    private final Engine engine;
    private final ZoneId defaultZone;

    public FormalDocuments(Engine engine, ReportingConfig config) {
        this.engine = engine;
        this.defaultZone = config.documents().timeZone();
    }

    /** The time zone a request names ({@code tz}, an IANA name such as {@code Europe/Berlin}), else the default. */
    public ZoneId zone(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(requested.trim());
        } catch (DateTimeException e) {
            throw new InvalidRequestException("tz", "must be a time zone such as Europe/Berlin, UTC or +01:00");
        }
    }

    /** The post-incident review (the sections of {@code ReviewDocument}). */
    public String review(Map<String, Object> review, String title, String subtitle, ZoneId zone) {
        return engine.getTemplate("documents/review.html")
                .data("page", new Page("Post-incident review", title, subtitle, AUTHOR))
                .data("d", new DocumentFormat(zone))
                .data("review", review)
                .render();
    }

    /**
     * A regulator report (the signed JSON report as a map) in its regime's template; {@code attachment} names the
     * JSON a PDF carries, null for the page a browser shows.
     */
    public String report(String regime, Map<String, Object> report, String title, String stageName, ZoneId zone,
                         String attachment) {
        return engine.getTemplate("documents/" + regime + ".html")
                .data("page", new Page("Regulator report", title, stageName, AUTHOR))
                .data("d", new DocumentFormat(zone))
                .data("report", report)
                .data("stageName", stageName)
                .data("pdf", attachment != null)
                .data("attachment", attachment == null ? "" : attachment)
                .render();
    }
}
