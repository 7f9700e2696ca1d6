package dev.aiim.notification.service;

import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.repository.DeliveryRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** What was sent about an incident, for the people who follow it up. */
@ApplicationScoped
public class DeliveryHistory {

    /** The first deliveries of an incident, oldest first, and how many it has in all. */
    public record IncidentDeliveries(List<Delivery> items, long total) {
    }

    private final DeliveryRepository deliveries;

    public DeliveryHistory(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    @WithSession
    public Uni<IncidentDeliveries> ofIncident(String incidentId, int max) {
        return deliveries.byIncident(incidentId, max).chain(items -> deliveries.countByIncident(incidentId)
                .map(total -> new IncidentDeliveries(items, total)));
    }
}
