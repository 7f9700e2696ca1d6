package dev.aiim.reporting.rest;

import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.rest.ReportingViews.DrillScoreView;
import dev.aiim.reporting.service.DrillReports;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Game days scored against the playbook's targets, apart from the production metrics. */
@Path("/api/v1/drills")
@Tag(name = "Game days")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LEADERSHIP, Roles.COMMANDER, Roles.ADMIN})
public class DrillResource {

    private final DrillReports drills;

    public DrillResource(DrillReports drills) {
        this.drills = drills;
    }

    @GET
    @Operation(summary = "The drills, newest first: detection, triage and containment times against their targets")
    public Uni<List<DrillScoreView>> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidRequestException("limit", "must be between 1 and 500");
        }
        return drills.recent(limit).map(all -> all.stream().map(DrillScoreView::of).toList());
    }

    @GET
    @Path("/{incidentId}")
    @Operation(summary = "One drill's score (404 for an incident that is not a drill)")
    public Uni<DrillScoreView> get(@PathParam("incidentId") String incidentId) {
        return drills.of(incidentId).map(DrillScoreView::of);
    }
}
