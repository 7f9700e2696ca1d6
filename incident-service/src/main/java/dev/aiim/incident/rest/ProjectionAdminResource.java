package dev.aiim.incident.rest;

import dev.aiim.incident.projection.RebuildReport;
import dev.aiim.incident.service.ProjectionRebuild;
import dev.aiim.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Rebuilds the incident view and list from position 0 of the event store. */
@Path("/api/v1/admin/projections/incidents/rebuild")
@Tag(name = "Administration")
public class ProjectionAdminResource {

    private final ProjectionRebuild rebuild;

    public ProjectionAdminResource(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rebuild the incident projection from the stored events")
    public Uni<RebuildReport> rebuild() {
        return rebuild.rebuild();
    }
}
