package dev.aiim.reporting.rest;

import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.rest.ReportingViews.RebuildView;
import dev.aiim.reporting.service.ReadModelRebuild;
import dev.aiim.reporting.service.ReadModels;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The read models' health and their rebuild from the topics (admin only). */
@Path("/api/v1/admin/read-models")
@Tag(name = "Read models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ReadModelResource {

    public record ReadModelState(long events, List<String> staleIncidents, RebuildView lastRebuild) {
    }

    private final ReadModels readModels;
    private final ReadModelRebuild rebuild;
    private final SecurityIdentity identity;

    public ReadModelResource(ReadModels readModels, ReadModelRebuild rebuild, SecurityIdentity identity) {
        this.readModels = readModels;
        this.rebuild = rebuild;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Events held, incidents waiting for a missing event, and the last rebuild")
    public Uni<ReadModelState> state() {
        return readModels.eventCount().chain(events -> readModels.staleIncidents().map(stale -> new ReadModelState(events,
                stale, RebuildView.of(rebuild.status()))));
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Empty the read models and replay the topics from the beginning (202; follow it with GET)")
    public Response rebuild() {
        return Response.accepted(rebuild.start(identity.getPrincipal().getName())).build();
    }
}
