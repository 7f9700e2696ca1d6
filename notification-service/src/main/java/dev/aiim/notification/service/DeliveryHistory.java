package dev.aiim.notification.service;

import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.repository.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** What was sent about an incident, for the people who follow it up. */
@ApplicationScoped
public class DeliveryHistory {

    /** The first deliveries of an incident, oldest first, and how many it has in all. */
    public record IncidentDeliveries(List<Delivery> items, long total) {
    }

    private final DeliveryRepository deliveries;
    private final Pool pool;

    public DeliveryHistory(DeliveryRepository deliveries, Pool pool) {
        this.deliveries = deliveries;
        this.pool = pool;
    }

    public Uni<IncidentDeliveries> ofIncident(String incidentId, int max) {
        return deliveries.byIncident(pool, incidentId, max).chain(items -> deliveries.countByIncident(pool, incidentId)
                .map(total -> new IncidentDeliveries(items, total)));
    }
}
