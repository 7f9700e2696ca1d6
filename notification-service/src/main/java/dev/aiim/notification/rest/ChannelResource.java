package dev.aiim.notification.rest;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.ChannelSpec;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.rest.AdministrationViews.ChannelView;
import dev.aiim.notification.service.ChannelAdministration;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Notification channels (admin only). Secrets are never returned; a generated webhook secret is shown once. */
@Path("/api/v1/channels")
@Tag(name = "Channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ChannelResource {

    public record CreateChannel(ChannelType type, String name, String url, String secret, Map<String, String> settings,
                                Boolean allowPrivateNetwork) {
    }

    /** The channel as stored, plus {@code signingSecret} when the service generated a webhook's secret. */
    public record ChannelCreated(String id, ChannelType type, String name, String urlHint, boolean hasSecret,
                                 Map<String, String> settings, boolean allowPrivateNetwork, Instant createdAt,
                                 String createdBy, String signingSecret) {
    }

    private final ChannelAdministration channels;
    private final SecurityIdentity identity;

    public ChannelResource(ChannelAdministration channels, SecurityIdentity identity) {
        this.channels = channels;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a channel; URLs to private, loopback or link-local addresses need allowPrivateNetwork")
    public Uni<Response> create(@NotNull CreateChannel request, UriInfo uri) {
        ChannelSpec spec = new ChannelSpec(request.type(), request.name(), request.url(), request.secret(),
                request.settings(), Boolean.TRUE.equals(request.allowPrivateNetwork()));
        return channels.create(spec, identity.getPrincipal().getName()).map(created -> {
            NotificationChannel c = created.channel();
            return Response.created(uri.getAbsolutePathBuilder().path(c.id()).build())
                    .entity(new ChannelCreated(c.id(), c.type(), c.name(), c.urlHint(), c.hasSecret(), c.settings(),
                            c.allowPrivateNetwork(), c.createdAt(), c.createdBy(), created.signingSecret()))
                    .build();
        });
    }

    @GET
    @Operation(summary = "All channels")
    public Uni<List<ChannelView>> list() {
        return channels.list().map(all -> all.stream().map(ChannelView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One channel")
    public Uni<ChannelView> get(@PathParam("id") String id) {
        return channels.get(id).map(ChannelView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a channel that no contact point or routing setting uses")
    public Uni<Response> delete(@PathParam("id") String id) {
        return channels.delete(id).replaceWith(Response.noContent().build());
    }
}
