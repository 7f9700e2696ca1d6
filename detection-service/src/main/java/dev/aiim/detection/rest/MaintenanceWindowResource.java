package dev.aiim.detection.rest;

import dev.aiim.detection.service.MaintenanceWindows;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Planned maintenance of an AI system: alerts and monitor detections recorded, not sent, while it lasts. */
@Path("/api/v1/systems/{systemId}/maintenance-windows")
@Tag(name = "Maintenance windows")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceWindowResource {

    private final MaintenanceWindows windows;
    private final IntakeBodies bodies;
    private final SecurityIdentity identity;
    private final Clock clock;

    public MaintenanceWindowResource(MaintenanceWindows windows, IntakeBodies bodies, SecurityIdentity identity,
                                     Clock clock) {
        this.windows = windows;
        this.bodies = bodies;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
    @Operation(summary = "Plan maintenance {start, end, reason, integrationId?}: while it lasts the system's alerts and"
            + " monitor detections (or one integration's alerts) are recorded but open no incident and page nobody;"
            + " what is still open when it ends is sent then")
    public Uni<Response> create(@PathParam("systemId") String systemId, byte[] body, UriInfo uri) {
        return windows.create(systemId, bodies.read(body, MaintenanceWindows.Request.class),
                        identity.getPrincipal().getName())
                .map(held -> Response.created(uri.getAbsolutePathBuilder().path(held.window().windowId().toString())
                        .build()).entity(MaintenanceWindowView.of(held, clock.instant())).build());
    }

    @GET
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "The system's maintenance windows, latest first")
    public Uni<List<MaintenanceWindowView>> list(@PathParam("systemId") String systemId) {
        return windows.list(systemId).map(all -> all.stream()
                .map(w -> MaintenanceWindowView.of(w, clock.instant())).toList());
    }

    @GET
    @Path("/{windowId}")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "One maintenance window with every detection it held back: HELD, RESOLVED or RELEASED")
    public Uni<MaintenanceWindowView> get(@PathParam("systemId") String systemId,
                                          @PathParam("windowId") String windowId) {
        return windows.find(systemId, id(windowId)).map(held -> MaintenanceWindowView.of(held, clock.instant()));
    }

    @POST
    @Path("/{windowId}/end")
    @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
    @Operation(summary = "End the maintenance now: what it still holds open is sent at once (409 if it has ended)")
    public Uni<MaintenanceWindowView> end(@PathParam("systemId") String systemId,
                                          @PathParam("windowId") String windowId) {
        return windows.end(systemId, id(windowId), identity.getPrincipal().getName())
                .map(held -> MaintenanceWindowView.of(held, clock.instant()));
    }

    private static UUID id(String windowId) {
        try {
            return UUID.fromString(windowId);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException("maintenance window", windowId);
        }
    }
}
