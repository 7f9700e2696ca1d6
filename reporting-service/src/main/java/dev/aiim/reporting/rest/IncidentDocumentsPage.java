package dev.aiim.reporting.rest;

import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.rendering.FormalDocuments;
import dev.aiim.reporting.service.RegulatorReports;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An incident's review document and regulator exports for a signed-in browser (the dashboard's code-flow
 * tenant): the responder console links here, where a bearer token cannot go. The same documents and the same
 * roles as the API's {@code /api/v1/incidents/{id}/review} and {@code .../exports/{regime}}.
 */
@Path("/dashboard/incidents/{id}")
@Tag(name = "Dashboard")
public class IncidentDocumentsPage {

    private final RegulatorReports reports;
    private final FormalDocuments documents;

    public IncidentDocumentsPage(RegulatorReports reports, FormalDocuments documents) {
        this.reports = reports;
        this.documents = documents;
    }

    @GET
    @Path("/review")
    @Produces({MediaType.TEXT_HTML, "text/markdown", "application/pdf"})
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER, Roles.LEADERSHIP, Roles.ADMIN})
    @Operation(summary = "The post-incident review document (browser, signed in); format=html|md|pdf")
    public Uni<Response> review(@PathParam("id") String incidentId, @QueryParam("format") String format,
                                @QueryParam("tz") String tz) {
        return ReviewResource.rendered(reports, documents, incidentId, ReviewResource.format(format, null), tz);
    }

    @GET
    @Path("/exports/{regime}")
    @Produces({MediaType.APPLICATION_JSON, "application/pdf", MediaType.TEXT_HTML})
    @RolesAllowed({Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "A regulator report (browser, signed in); as the API's export")
    public Uni<Response> export(@PathParam("id") String incidentId, @PathParam("regime") String regime,
                                @QueryParam("format") String format, @QueryParam("stage") String stage,
                                @QueryParam("tz") String tz) {
        return ExportResource.exported(reports, documents, incidentId, regime, format, stage, tz);
    }
}
