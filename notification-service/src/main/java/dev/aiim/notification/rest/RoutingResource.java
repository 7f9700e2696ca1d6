package dev.aiim.notification.rest;

import dev.aiim.notification.domain.VersionedRouting;
import dev.aiim.notification.service.RoutingAdministration;
import dev.aiim.platform.problem.ETags;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** Who hears about what (admin only): the playbook's defaults until an admin saves a document. */
@Path("/api/v1/routing")
@Tag(name = "Routing")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RoutingResource {

    private final RoutingAdministration routing;
    private final SecurityIdentity identity;

    public RoutingResource(RoutingAdministration routing, SecurityIdentity identity) {
        this.routing = routing;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The routing document, with its version as ETag")
    public Uni<Response> get() {
        return routing.current().map(RoutingResource::withETag);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the routing document; If-Match honoured")
    public Uni<Response> replace(@NotNull RoutingDocument document, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return routing.replace(document.policy(), ifMatch, identity.getPrincipal().getName())
                .map(RoutingResource::withETag);
    }

    private static Response withETag(VersionedRouting current) {
        return Response.ok(RoutingDocument.of(current.policy()))
                .header(HttpHeaders.ETAG, ETags.of(current.version())).build();
    }
}
