package dev.aiim.detection.rest;

import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.domain.NormalizationRules;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Alert senders and their credentials (admin only). The token and signing secret are shown once. */
@Path("/api/v1/integrations")
@Tag(name = "Integrations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class IntegrationResource {

    /**
     * {@code rules} (optional) say which labels carry category, severity and system, and how values map;
     * {@code heartbeatInterval} (optional) how often it promises to send something, such as a watchdog alert.
     */
    public record CreateIntegration(@NotBlank @Size(max = 200) String name, @NotNull IntegrationType type,
                                    @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}", message = "must be a system id slug")
                                    String systemId, NormalizationRules rules, Duration heartbeatInterval) {
    }

    /** {@code PUT /{id}/heartbeat}: the interval, or null for none. */
    public record HeartbeatRequest(Duration heartbeatInterval) {
    }

    /** The answer to create and rotate: the integration and, this once, its credentials. */
    public record IssuedCredentials(String id, String name, IntegrationType type, String systemId, String token,
                                    String signingSecret, String tokenHint, Instant createdAt, Instant rotatedAt,
                                    String heartbeatInterval) {
        static IssuedCredentials of(Integrations.Issued issued) {
            Integration i = issued.integration();
            return new IssuedCredentials(i.id(), i.name(), i.type(), i.systemId(), issued.token(),
                    issued.signingSecret(), i.tokenHint(), i.createdAt(), i.rotatedAt(),
                    i.heartbeatInterval() == null ? null : i.heartbeatInterval().toString());
        }
    }

    private final Integrations integrations;
    private final SecurityIdentity identity;

    public IntegrationResource(Integrations integrations, SecurityIdentity identity) {
        this.integrations = integrations;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an integration; the answer holds its token and signing secret, shown only now")
    public Uni<Response> create(@Valid @NotNull CreateIntegration request, UriInfo uri) {
        return integrations.create(request.name(), request.type(), request.systemId(), request.rules(),
                        request.heartbeatInterval(), identity.getPrincipal().getName())
                .map(issued -> Response.created(uri.getAbsolutePathBuilder().path(issued.integration().id()).build())
                        .entity(IssuedCredentials.of(issued)).build());
    }

    @GET
    @Operation(summary = "All integrations (without credentials)")
    public Uni<List<IntegrationView>> list() {
        return integrations.list().map(all -> all.stream().map(IntegrationView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One integration (without credentials)")
    public Uni<IntegrationView> get(@PathParam("id") String id) {
        return integrations.find(id).map(IntegrationView::of);
    }

    @POST
    @Path("/{id}/rotate")
    @Operation(summary = "New token and signing secret; the old ones stop working at once")
    public Uni<IssuedCredentials> rotate(@PathParam("id") String id) {
        return integrations.rotate(id).map(IssuedCredentials::of);
    }

    @PUT
    @Path("/{id}/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Declare how often the integration promises to send something (a dead-man's switch for a"
            + " watchdog alert); silent for longer, it raises an AVAILABILITY detection. {heartbeatInterval: null}"
            + " removes the promise")
    public Uni<IntegrationView> heartbeat(@PathParam("id") String id, @NotNull HeartbeatRequest request) {
        return integrations.heartbeat(id, request.heartbeatInterval()).map(IntegrationView::of);
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(summary = "Revoke the integration for good")
    public Uni<IntegrationView> revoke(@PathParam("id") String id) {
        return integrations.revoke(id).map(IntegrationView::of);
    }
}
