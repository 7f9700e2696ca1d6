package dev.aiim.platform.time;

import dev.aiim.platform.problem.ETags;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every service's clock, for game days and time-dependent tests against packaged services. */
@Path("/api/v1/admin/clock")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Platform clock")
public class ClockResource {

    private final ClockAdministration administration;
    private final SecurityIdentity identity;

    public ClockResource(ClockAdministration administration, SecurityIdentity identity) {
        this.administration = administration;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The service's current time and its offset from real time")
    public Uni<Response> get() {
        return administration.current().map(ClockResource::withETag);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the clock forward (only when aiim.clock.adjustable=true); If-Match honoured")
    public Uni<Response> move(@Valid @NotNull MoveClock command, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return administration.move(command, ifMatch, identity.getPrincipal().getName()).map(ClockResource::withETag);
    }

    @DELETE
    @Operation(summary = "Reset the clock to real time")
    public Uni<Response> reset(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return administration.reset(ifMatch, identity.getPrincipal().getName()).map(ClockResource::withETag);
    }

    private static Response withETag(ClockState state) {
        return Response.ok(state).header(HttpHeaders.ETAG, ETags.of(state.version())).build();
    }
}
