package dev.aiim.reporting.rest;

import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.domain.ReviewDocument;
import dev.aiim.reporting.rendering.DocumentText;
import dev.aiim.reporting.rendering.FormalDocuments;
import dev.aiim.reporting.rendering.PdfA3;
import dev.aiim.reporting.service.RegulatorReports;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/** The post-incident review document as HTML, Markdown or PDF ({@code format}, else the Accept header). */
@Path("/api/v1/incidents/{id}/review")
@Tag(name = "Post-incident reviews")
@RolesAllowed({Roles.COMMANDER, Roles.RESPONDER, Roles.LEADERSHIP, Roles.ADMIN})
public class ReviewResource {

    private static final String MARKDOWN = "text/markdown";
    private static final String PDF = "application/pdf";

    private final RegulatorReports reports;
    private final FormalDocuments documents;

    public ReviewResource(RegulatorReports reports, FormalDocuments documents) {
        this.reports = reports;
        this.documents = documents;
    }

    @GET
    @Produces({MediaType.TEXT_HTML, MARKDOWN, PDF})
    @Operation(summary = "Timeline, root cause and five whys, response against targets, impact and remediation,"
            + " action items; format=html|md|pdf (PDF/A-3); tz, the time zone times are shown in")
    public Uni<Response> review(@PathParam("id") String incidentId, @QueryParam("format") String format,
                                @QueryParam("tz") String tz, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return rendered(reports, documents, incidentId, format(format, accept), tz);
    }

    /** The review document as HTML, Markdown or PDF (the API, and the signed-in browser page the console links). */
    static Uni<Response> rendered(RegulatorReports reports, FormalDocuments documents, String incidentId,
                                  String chosen, String tz) {
        ZoneId zone = documents.zone(tz);
        return reports.dossier(incidentId).chain(dossier -> {
            Map<String, Object> doc = ReviewDocument.build(dossier);
            String title = "Post-incident review: " + dossier.record().title();
            String subtitle = "Incident " + incidentId;
            return switch (chosen) {
                case "md" -> Uni.createFrom().item(Response.ok(DocumentText.markdown(title + " (" + incidentId + ")",
                        doc), MARKDOWN + ";charset=UTF-8").build());
                // rendering takes CPU-bound milliseconds: off the event loop
                case "pdf" -> Uni.createFrom().item(() -> PdfA3.render(documents.review(doc, title, subtitle, zone)))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .map(pdf -> Response.ok(pdf, PDF).header("Content-Disposition", "attachment; filename=\""
                                + incidentId + "-review.pdf\"").build());
                default -> Uni.createFrom().item(Response.ok(documents.review(doc, title, subtitle, zone),
                        MediaType.TEXT_HTML + ";charset=UTF-8").build());
            };
        });
    }

    static String format(String format, String accept) {
        if (format != null) {
            String f = format.toLowerCase(Locale.ROOT);
            if (f.equals("markdown")) {
                return "md";
            }
            if (!f.equals("html") && !f.equals("md") && !f.equals("pdf")) {
                throw new InvalidRequestException("format", "must be html, md or pdf");
            }
            return f;
        }
        if (accept != null && accept.contains(PDF)) {
            return "pdf";
        }
        return accept != null && accept.contains(MARKDOWN) ? "md" : "html";
    }
}
