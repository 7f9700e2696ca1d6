package dev.aiim.notification.rest;

import dev.aiim.notification.service.DeliveryPlanner;
import dev.aiim.notification.service.Paging;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/**
 * Pages and their acknowledgement. A signed-in responder acknowledges as themself; the link in a page's
 * message carries the paged person and a signature instead, so acknowledging from a phone needs no sign-in.
 */
@Path("/api/v1/pages")
@Tag(name = "Pages")
@Produces(MediaType.APPLICATION_JSON)
public class PageResource {

    private static final Set<String> ACK_ROLES = Set.of(Roles.ADMIN, Roles.COMMANDER, Roles.RESPONDER);

    private final Paging paging;
    private final DeliveryPlanner planner;
    private final CurrentIdentityAssociation identities;

    public PageResource(Paging paging, DeliveryPlanner planner, CurrentIdentityAssociation identities) {
        this.paging = paging;
        this.planner = planner;
        this.identities = identities;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "The pages of an incident, with their escalation state")
    public Uni<List<PageView>> list(@QueryParam("incidentId") String incidentId) {
        if (incidentId == null || incidentId.isBlank()) {
            throw new InvalidRequestException("incidentId", "is required");
        }
        return paging.byIncident(incidentId).map(pages -> pages.stream().map(PageView::of).toList());
    }

    @POST
    @Path("/{pageId}/ack")
    @PermitAll
    @Operation(summary = "Acknowledge a page (signed in as responder, commander or admin, or with the signed link's"
            + " person and token); escalation stops")
    public Uni<PageView> acknowledge(@PathParam("pageId") String pageId, @QueryParam("person") String person,
                                 @QueryParam("token") String token) {
        return acknowledger(pageId, person, token).chain(by -> paging.acknowledge(pageId, by))
                .map(PageView::of);
    }

    private Uni<String> acknowledger(String pageId, String person, String token) {
        if (token != null) {
            if (!planner.validAckToken(pageId, person, token)) {
                throw new InvalidRequestException("token",
                        "is not a valid acknowledgement link for this page and person");
            }
            return Uni.createFrom().item(person);
        }
        // authentication is lazy: resolve the caller without blocking the event loop
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                throw new UnauthorizedException();
            }
            if (ACK_ROLES.stream().noneMatch(identity::hasRole)) {
                throw new io.quarkus.security.ForbiddenException();
            }
            return identity.getPrincipal().getName();
        });
    }
}
