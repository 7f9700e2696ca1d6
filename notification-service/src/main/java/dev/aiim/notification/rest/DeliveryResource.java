package dev.aiim.notification.rest;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.service.DeliveryHistory;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** The delivery log: every notification of an incident, with its status and attempts. */
@Path("/api/v1/deliveries")
@Tag(name = "Deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.COMMANDER, Roles.RESPONDER})
public class DeliveryResource {

    static final int MAX_ITEMS = 1000;

    public record DeliveryView(String id, String incidentId, ChannelType channel, String channelId, String recipient,
                               String address, String reason, Delivery.Status status, int attempts, Instant sentAt,
                               Instant failedAt, Instant nextAttemptAt, String lastError, String pageId,
                               boolean simulation, Instant createdAt, String subject) {

        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.incidentId(), d.channelType(), d.channelId(), d.recipient(), d.address(),
                    d.reason(), d.status(), d.attempts(), d.sentAt(), d.failedAt(), d.nextAttemptAt(), d.lastError(),
                    d.pageId(), d.simulation(), d.createdAt(), d.message().subject());
        }
    }

    public record DeliveryList(List<DeliveryView> items, long total) {
    }

    private final DeliveryHistory history;

    public DeliveryResource(DeliveryHistory history) {
        this.history = history;
    }

    @GET
    @Operation(summary = "Every notification of an incident, oldest first (at most 1000)")
    public Uni<DeliveryList> list(@QueryParam("incidentId") String incidentId) {
        if (incidentId == null || incidentId.isBlank()) {
            throw new InvalidRequestException("incidentId", "is required");
        }
        return history.ofIncident(incidentId, MAX_ITEMS).map(found -> new DeliveryList(found.items().stream()
                .map(DeliveryView::of).toList(), found.total()));
    }
}
