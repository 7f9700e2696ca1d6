package dev.aiim.detection.rest;

import dev.aiim.detection.service.Simulations;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Game days: start a drill from one of the scenarios, and see the drills started and where they are. */
@Path("/api/v1/simulations")
@Tag(name = "Game days")
@Produces(MediaType.APPLICATION_JSON)
public class SimulationResource {

    private final Simulations simulations;
    private final SecurityIdentity identity;

    public SimulationResource(Simulations simulations, SecurityIdentity identity) {
        this.simulations = simulations;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start a game day: {scenario: CREDIT_MODEL_BIAS | OUTPUT_DRIFT | DATA_QUALITY_BREAK, systemId}."
            + " The scenario is replayed through the system's monitors; what they raise is sent as a drill detection")
    public Uni<Response> start(@NotNull Simulations.StartSimulation request, UriInfo uri) {
        return simulations.start(request, identity.getPrincipal().getName())
                .map(started -> Response.created(uri.getAbsolutePathBuilder().path(started.id()).build())
                        .entity(SimulationView.of(started)).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.COMMANDER, Roles.LEADERSHIP})
    @Operation(summary = "The drills started, newest first, with the incident each opened")
    public Uni<List<SimulationView>> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidRequestException("limit", "must be between 1 and 500");
        }
        return simulations.recent(limit).map(drills -> drills.stream().map(SimulationView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.COMMANDER, Roles.LEADERSHIP})
    @Operation(summary = "One drill: its scenario, what the monitors found and when, and its incident")
    public Uni<SimulationView> get(@PathParam("id") String id) {
        return simulations.find(id).map(SimulationView::of);
    }
}
