package dev.aiim.notification.rest;

import dev.aiim.notification.rest.AdministrationViews.PersonView;
import dev.aiim.notification.service.PeopleAdministration;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * People and their contact points (admin only), under the ids the identity provider gives them. The directory
 * entry of each (id, name, senior leader) is published on {@code aiim.people.v1} with every change.
 */
@Path("/api/v1/people")
@Tag(name = "People")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class PeopleResource {

    private final PeopleAdministration people;
    private final SecurityIdentity identity;

    public PeopleResource(PeopleAdministration people, SecurityIdentity identity) {
        this.people = people;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Register a person with contact points in order of preference")
    public Uni<Response> create(@NotNull PeopleAdministration.PersonCommand command, UriInfo uri) {
        return people.createPerson(command, identity.getPrincipal().getName()).map(person -> Response.created(
                uri.getAbsolutePathBuilder().path(person.id()).build()).entity(PersonView.of(person)).build());
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a person's name, senior-leader flag and contact points")
    public Uni<PersonView> replace(@PathParam("id") String id, @NotNull PeopleAdministration.PersonCommand command) {
        return people.replacePerson(id, command, identity.getPrincipal().getName()).map(PersonView::of);
    }

    @GET
    @Operation(summary = "All people")
    public Uni<List<PersonView>> list() {
        return people.people().map(all -> all.stream().map(PersonView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One person")
    public Uni<PersonView> get(@PathParam("id") String id) {
        return people.person(id).map(PersonView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a person")
    public Uni<Response> delete(@PathParam("id") String id) {
        return people.deletePerson(id, identity.getPrincipal().getName()).replaceWith(Response.noContent().build());
    }
}
