package dev.aiim.notification.rest;

import dev.aiim.notification.rest.AdministrationViews.OnCallView;
import dev.aiim.notification.rest.AdministrationViews.ScheduleView;
import dev.aiim.notification.service.PeopleAdministration;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** On-call schedules: rotation layers, overrides, and who is on call at a time (admin only). */
@Path("/api/v1/schedules")
@Tag(name = "On-call schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ScheduleResource {

    private final PeopleAdministration people;

    public ScheduleResource(PeopleAdministration people) {
        this.people = people;
    }

    @POST
    @Operation(summary = "Create a schedule: layers with daily or weekly hand-off at a local time and zone")
    public Uni<Response> create(@NotNull PeopleAdministration.ScheduleCommand command, UriInfo uri) {
        return people.createSchedule(command).map(schedule -> Response.created(
                uri.getAbsolutePathBuilder().path(schedule.id()).build()).entity(ScheduleView.of(schedule)).build());
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a schedule")
    public Uni<ScheduleView> replace(@PathParam("id") String id,
                                     @NotNull PeopleAdministration.ScheduleCommand command) {
        return people.replaceSchedule(id, command).map(ScheduleView::of);
    }

    @POST
    @Path("/{id}/overrides")
    @Operation(summary = "Someone covers for a period; the newest override wins where overrides overlap")
    public Uni<ScheduleView> addOverride(@PathParam("id") String id,
                                         @NotNull PeopleAdministration.OverrideCommand command) {
        return people.addOverride(id, command).map(ScheduleView::of);
    }

    @GET
    @Operation(summary = "All schedules")
    public Uni<List<ScheduleView>> list() {
        return people.schedules().map(all -> all.stream().map(ScheduleView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One schedule")
    public Uni<ScheduleView> get(@PathParam("id") String id) {
        return people.schedule(id).map(ScheduleView::of);
    }

    @GET
    @Path("/{id}/on-call")
    @Operation(summary = "Who is on call at a time (ISO-8601, default now), and until when")
    public Uni<OnCallView> onCall(@PathParam("id") String id, @QueryParam("at") String at) {
        Instant when;
        try {
            when = at == null || at.isBlank() ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("at", "must be an ISO-8601 UTC time like 2026-11-26T09:00:00Z");
        }
        return people.onCall(id, when).map(OnCallView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a schedule")
    public Uni<Response> delete(@PathParam("id") String id) {
        return people.deleteSchedule(id).replaceWith(Response.noContent().build());
    }
}
