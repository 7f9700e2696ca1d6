package dev.aiim.detection.rest;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.platform.problem.ETags;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The AI-system registry: admins write, every signed-in role reads. */
@Path("/api/v1/systems")
@Tag(name = "AI systems")
@Produces(MediaType.APPLICATION_JSON)
public class AiSystemResource {

    private final AiSystemRegistry registry;
    private final SecurityIdentity identity;

    public AiSystemResource(AiSystemRegistry registry, SecurityIdentity identity) {
        this.registry = registry;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register an AI system")
    public Uni<Response> register(@Valid @NotNull AiSystemRequest request, UriInfo uri) {
        if (request.id() == null) {
            throw new InvalidRequestException("id", "must not be null");
        }
        return registry.register(request.toSystem(request.id(), 1), identity.getPrincipal().getName())
                .map(system -> Response.created(uri.getAbsolutePathBuilder().path(system.id()).build())
                        .header(HttpHeaders.ETAG, ETags.of(system.version())).entity(system).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a registered AI system (the whole description; If-Match honoured)")
    public Uni<Response> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @Valid @NotNull AiSystemRequest request) {
        if (request.id() != null && !request.id().equals(id)) {
            throw new InvalidRequestException("id", "must match the path (" + id + ") or be left out");
        }
        return registry.update(id, ifMatch, version -> request.toSystem(id, version), identity.getPrincipal().getName())
                .map(AiSystemResource::ok);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "One registered AI system")
    public Uni<Response> get(@PathParam("id") String id) {
        return registry.find(id).map(AiSystemResource::ok);
    }

    @GET
    @RolesAllowed({Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "All registered AI systems")
    public Uni<List<AiSystem>> list() {
        return registry.list();
    }

    private static Response ok(AiSystem system) {
        return Response.ok(system).header(HttpHeaders.ETAG, ETags.of(system.version())).build();
    }
}
