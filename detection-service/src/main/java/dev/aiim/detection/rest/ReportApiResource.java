package dev.aiim.detection.rest;

import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.domain.ReportConcern;
import dev.aiim.detection.domain.StakeholderReport;
import dev.aiim.detection.service.ReportRateLimiter;
import dev.aiim.detection.service.StakeholderReports;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** Reports for client portals (any signed-in user), and the status behind a receipt (the receipt id is the key). */
@Path("/api/v1/reports")
@Tag(name = "Stakeholder reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportApiResource {

    public record ReportRequest(
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}", message = "must be a system id slug") String systemId,
            ReportConcern concern,
            @NotBlank @Size(max = 5000) String description,
            Instant noticedAt,
            @Size(max = 1000) String affected,
            @Size(max = 500) String contact) {
    }

    /**
     * A receipt: never the reporter's contact details. Which incident the report joined (its id and status) is
     * told to the response team only; whoever holds the receipt reads the status in words.
     */
    public record ReportReceipt(String receiptId, String status, String statusText, String systemId,
                                ReportConcern concern, Instant submittedAt, String detectionId, Instant forwardedAt,
                                String incidentId, String incidentStatus) {
        static ReportReceipt of(StakeholderReport r, boolean responseTeam) {
            return new ReportReceipt(r.receiptId(), r.status(), r.statusText(), r.systemId(), r.concern(),
                    r.submittedAt(), r.publishedAt() == null ? null : r.detectionId(), r.publishedAt(),
                    responseTeam ? r.incidentId() : null, responseTeam ? r.incidentStatus() : null);
        }
    }

    private static final List<String> RESPONSE_TEAM = List.of(Roles.RESPONDER, Roles.COMMANDER, Roles.ADMIN);

    private final StakeholderReports reports;
    private final ReportRateLimiter rateLimiter;
    private final DetectionConfig config;
    private final SecurityIdentity identity;
    private final CurrentIdentityAssociation identities;

    public ReportApiResource(StakeholderReports reports, ReportRateLimiter rateLimiter, DetectionConfig config,
                             SecurityIdentity identity, CurrentIdentityAssociation identities) {
        this.reports = reports;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.identity = identity;
        this.identities = identities;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "Report something that seems wrong; answers the receipt")
    public Uni<Response> submit(@Valid @NotNull ReportRequest request, @Context HttpServerRequest http, UriInfo uri) {
        return rateLimiter.admit(clientAddress(http, config)).chain(() -> reports.submit(
                        new StakeholderReports.Submission(request.systemId(), request.concern(), request.description(),
                                request.noticedAt(), request.affected(), request.contact()),
                        StakeholderReport.Channel.API, identity.getPrincipal().getName()))
                .map(report -> Response.created(uri.getAbsolutePathBuilder().path(report.receiptId()).build())
                        .entity(ReportReceipt.of(report, responseTeam(identity))).build());
    }

    @GET
    @Path("/{receiptId}")
    @PermitAll
    @Operation(summary = "The status of a report, by its receipt id")
    public Uni<ReportReceipt> status(@PathParam("receiptId") String receiptId) {
        // open to anonymous callers, so the identity is resolved (lazily) only here
        return identities.getDeferredIdentity().chain(caller -> reports.find(receiptId)
                .map(report -> ReportReceipt.of(report, responseTeam(caller))));
    }

    private static boolean responseTeam(SecurityIdentity caller) {
        return RESPONSE_TEAM.stream().anyMatch(caller::hasRole);
    }

    /** The client's address for rate limiting: the peer, or the first X-Forwarded-For hop when configured. */
    static String clientAddress(HttpServerRequest request, DetectionConfig config) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (config.reports().trustForwardedFor() && forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
