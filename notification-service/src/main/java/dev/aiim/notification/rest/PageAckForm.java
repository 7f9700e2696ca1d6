package dev.aiim.notification.rest;

import dev.aiim.notification.service.DeliveryPlanner;
import dev.aiim.notification.service.Paging;
import dev.aiim.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import static dev.aiim.notification.domain.IncidentMessage.escape;

/**
 * The page behind a message's "Acknowledge" link. Opening it changes nothing (mail scanners and link
 * previews open links); its button POSTs the acknowledgement.
 */
@Path("/pages/{pageId}/ack")
@Tag(name = "Pages")
@PermitAll
public class PageAckForm {

    private final Paging paging;
    private final DeliveryPlanner planner;

    public PageAckForm(Paging paging, DeliveryPlanner planner) {
        this.paging = paging;
        this.planner = planner;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirmation page of a signed acknowledgement link")
    public Response confirm(@PathParam("pageId") String pageId, @QueryParam("person") String person,
                            @QueryParam("token") String token) {
        if (!planner.validAckToken(pageId, person, token)) {
            return html(400, "This acknowledgement link is not valid.");
        }
        return html(200, "<form method=\"post\"><input type=\"hidden\" name=\"person\" value=\"" + escape(person)
                + "\"><input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
                + "<p>Acknowledge page " + escape(pageId) + " as " + escape(person) + "?</p>"
                + "<button type=\"submit\">Acknowledge</button></form>");
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Acknowledge through the signed link's form")
    public Uni<Response> acknowledge(@PathParam("pageId") String pageId, @FormParam("person") String person,
                                     @FormParam("token") String token) {
        if (!planner.validAckToken(pageId, person, token)) {
            return Uni.createFrom().item(html(400, "This acknowledgement link is not valid."));
        }
        return paging.acknowledge(pageId, person)
                .map(page -> html(200, "<p>Acknowledged by " + escape(page.acknowledgedBy()) + " at "
                        + page.acknowledgedAt() + ". Escalation has stopped.</p>"))
                .onFailure(ProblemException.class).recoverWithItem(failure -> html(409, escape(failure.getMessage())));
    }

    private static Response html(int status, String body) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Page acknowledgement</title>"
                        + "</head><body>" + body + "</body></html>").build();
    }
}
