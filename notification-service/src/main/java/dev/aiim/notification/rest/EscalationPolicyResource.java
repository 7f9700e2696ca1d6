package dev.aiim.notification.rest;

import dev.aiim.notification.rest.AdministrationViews.EscalationPolicyView;
import dev.aiim.notification.service.PeopleAdministration;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Escalation policies: levels of schedules or people, each with an acknowledgement timeout (admin only). */
@Path("/api/v1/escalation-policies")
@Tag(name = "Escalation policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class EscalationPolicyResource {

    private final PeopleAdministration people;

    public EscalationPolicyResource(PeopleAdministration people) {
        this.people = people;
    }

    @POST
    @Operation(summary = "Create an escalation policy")
    public Uni<Response> create(@NotNull PeopleAdministration.PolicyCommand command, UriInfo uri) {
        return people.createPolicy(command).map(policy -> Response.created(
                        uri.getAbsolutePathBuilder().path(policy.id()).build())
                .entity(EscalationPolicyView.of(policy)).build());
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace an escalation policy (pages already running keep the levels they started with)")
    public Uni<EscalationPolicyView> replace(@PathParam("id") String id,
                                             @NotNull PeopleAdministration.PolicyCommand command) {
        return people.replacePolicy(id, command).map(EscalationPolicyView::of);
    }

    @GET
    @Operation(summary = "All escalation policies")
    public Uni<List<EscalationPolicyView>> list() {
        return people.policies().map(all -> all.stream().map(EscalationPolicyView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One escalation policy")
    public Uni<EscalationPolicyView> get(@PathParam("id") String id) {
        return people.policy(id).map(EscalationPolicyView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove an escalation policy")
    public Uni<Response> delete(@PathParam("id") String id) {
        return people.deletePolicy(id).replaceWith(Response.noContent().build());
    }
}
