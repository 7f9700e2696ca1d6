package dev.aiim.reporting.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.domain.RegulatorExports;
import dev.aiim.reporting.rendering.FormalDocuments;
import dev.aiim.reporting.rendering.PdfA3;
import dev.aiim.reporting.rest.ReportingViews.VerificationView;
import dev.aiim.reporting.service.RegulatorReports;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Regulator exports (roles regulator, admin): EU AI Act Art. 73, GDPR Art. 33, HIPAA breach notification,
 * NIS2 Art. 23, as JSON (one JSON Schema per regime) or PDF, each with its deadline, the facts still missing
 * and an integrity block that {@code POST /api/v1/exports/verify} checks.
 */
@Path("/api/v1")
@Tag(name = "Regulator exports")
public class ExportResource {

    private static final String PDF = "application/pdf";
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {
    };

    private final RegulatorReports reports;
    private final FormalDocuments documents;

    public ExportResource(RegulatorReports reports, FormalDocuments documents) {
        this.reports = reports;
        this.documents = documents;
    }

    @GET
    @Path("/incidents/{id}/exports/{regime}")
    @Produces({MediaType.APPLICATION_JSON, PDF, MediaType.TEXT_HTML})
    @RolesAllowed({Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "A regulator report: regime eu-ai-act-art73, gdpr-art33, hipaa-breach or nis2; format json"
            + " (default), pdf (PDF/A-3, signed, the JSON attached) or html; stage INITIAL/COMPLETE (AI Act),"
            + " EARLY_WARNING/NOTIFICATION/FINAL (NIS2); tz, the time zone people-readable formats show times in")
    public Uni<Response> export(@PathParam("id") String incidentId, @PathParam("regime") String regime,
                                @QueryParam("format") String format, @QueryParam("stage") String stage,
                                @QueryParam("tz") String tz) {
        return exported(reports, documents, incidentId, regime, format, stage, tz);
    }

    /** The export as a download (the API, and the signed-in browser page the console links). */
    static Uni<Response> exported(RegulatorReports reports, FormalDocuments documents, String incidentId,
                                  String regime, String format, String stage, String tz) {
        String chosen = format == null ? "json" : format.toLowerCase(Locale.ROOT);
        if (!chosen.equals("json") && !chosen.equals("pdf") && !chosen.equals("html")) {
            throw new InvalidRequestException("format", "must be json, pdf or html");
        }
        ZoneId zone = documents.zone(tz);
        String name = incidentId + "-" + regime;
        return reports.export(incidentId, regime, stage).chain(report -> {
            if (chosen.equals("json")) {
                byte[] json = report.toString().getBytes(StandardCharsets.UTF_8);
                return Uni.createFrom().item(download(Response.ok(json, MediaType.APPLICATION_JSON), json,
                        name + ".json"));
            }
            Map<String, Object> fields = EventJson.mapper().convertValue(report, DOCUMENT);
            String title = title(regime) + " report: " + incidentId;
            String stageName = RegulatorExports.stageTitle(regime, report.path("stage").asText());
            if (chosen.equals("html")) {
                return Uni.createFrom().item(Response.ok(documents.report(regime, fields, title, stageName, zone, null),
                        MediaType.TEXT_HTML + ";charset=UTF-8").build());
            }
            // rendering and signing take CPU-bound milliseconds: off the event loop
            return Uni.createFrom().item(() -> reports.signedPdf(report, PdfA3.render(
                            documents.report(regime, fields, title, stageName, zone, name + ".json")), name + ".json"))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(bytes -> download(Response.ok(bytes, PDF), bytes, name + ".pdf"));
        });
    }

    /**
     * A file to keep or file with an authority: its name, and its SHA-256 (RFC 9530 {@code Repr-Digest}), which is
     * what recording the submission asks for ({@code sha256sum} of the saved file gives the same, in hex).
     */
    private static Response download(Response.ResponseBuilder response, byte[] body, String name) {
        return response.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":")
                .build();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @POST
    @Path("/exports/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGULATOR, Roles.ADMIN, Roles.LEADERSHIP, Roles.COMMANDER})
    @Operation(summary = "Whether an export is unaltered and its integrity block matches the recorded event chain")
    public Uni<VerificationView> verify(@NotNull JsonNode export) {
        // an object without a valid integrity block is an export that fails verification (200, valid false);
        // anything else (null, an array, a bare value) is not an export at all (fault suite, fault 8)
        if (export == null || !export.isObject()) {
            throw new ProblemException(ProblemKind.MALFORMED_REQUEST, "The body must be an export: the JSON object"
                    + " GET /api/v1/incidents/{id}/exports/{regime} answered");
        }
        return reports.verify(export).map(VerificationView::of);
    }

    @GET
    @Path("/exports/schemas/{regime}")
    @Produces("application/schema+json")
    @RolesAllowed({Roles.REGULATOR, Roles.ADMIN, Roles.LEADERSHIP, Roles.COMMANDER})
    @Operation(summary = "The JSON Schema of a regime's export")
    public Response schema(@PathParam("regime") String regime) throws IOException {
        if (!RegulatorExports.known(regime)) {
            throw new ResourceNotFoundException("Export regime (one of " + RegulatorExports.REGIMES + ")", regime);
        }
        String schema = "/schemas/exports/" + regime + ".v2.schema.json";
        try (InputStream in = ExportResource.class.getResourceAsStream(schema)) {
            return Response.ok(in.readAllBytes(), "application/schema+json").build();
        }
    }

    static String title(String regime) {
        return Map.of(RegulatorExports.AI_ACT, "EU AI Act Art. 73 serious incident",
                RegulatorExports.GDPR, "GDPR Art. 33 personal data breach",
                RegulatorExports.HIPAA, "HIPAA breach notification",
                RegulatorExports.NIS2, "NIS2 Art. 23 significant incident").get(regime);
    }
}
