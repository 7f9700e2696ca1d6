package dev.aiim.reporting.rest;

import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.domain.ReviewDocument;
import dev.aiim.reporting.rendering.DocumentText;
import dev.aiim.reporting.rendering.PdfDocuments;
import dev.aiim.reporting.service.RegulatorReports;
import io.smallrye.mutiny.Uni;
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

    public ReviewResource(RegulatorReports reports) {
        this.reports = reports;
    }

    @GET
    @Produces({MediaType.TEXT_HTML, MARKDOWN, PDF})
    @Operation(summary = "Timeline, root cause and five whys, response against targets, impact and remediation,"
            + " action items; format=html|md|pdf")
    public Uni<Response> review(@PathParam("id") String incidentId, @QueryParam("format") String format,
                                @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return rendered(reports, incidentId, format(format, accept));
    }

    /** The review document as HTML, Markdown or PDF (the API, and the signed-in browser page the console links). */
    static Uni<Response> rendered(RegulatorReports reports, String incidentId, String chosen) {
        return reports.dossier(incidentId).map(dossier -> {
            Map<String, Object> doc = ReviewDocument.build(dossier);
            String title = "Post-incident review: " + dossier.record().title() + " (" + incidentId + ")";
            Response.ResponseBuilder response = switch (chosen) {
                case "md" -> Response.ok(DocumentText.markdown(title, doc), MARKDOWN + ";charset=UTF-8");
                case "pdf" -> Response.ok(PdfDocuments.render(title, null, doc), PDF)
                        .header("Content-Disposition", "attachment; filename=\"" + incidentId + "-review.pdf\"");
                default -> Response.ok(DocumentText.html(title, doc), MediaType.TEXT_HTML + ";charset=UTF-8");
            };
            return response.build();
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
