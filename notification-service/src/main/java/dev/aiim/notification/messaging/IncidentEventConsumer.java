package dev.aiim.notification.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.notification.repository.IncidentSnapshotRepository;
import dev.aiim.notification.service.IncidentRouter;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Takes incident events from {@code aiim.incident-events.v1}, once each: keeps each incident's latest state
 * and routes the event to its notifications, pages and clocks in the same transaction. Unreadable messages go
 * to {@code aiim.dead-letters.notification-service.v1}.
 */
@ApplicationScoped
public class IncidentEventConsumer {

    public static final String CHANNEL = "incident-events";
    public static final String CONSUMER = "notification-service/incident-events";
    private static final Logger LOG = Logger.getLogger(IncidentEventConsumer.class);

    private final MessageConsumption consumption;
    private final IncidentSnapshotRepository snapshots;
    private final IncidentRouter router;
    private final Clock clock;

    public IncidentEventConsumer(MessageConsumption consumption, IncidentSnapshotRepository snapshots,
                                 IncidentRouter router, Clock clock) {
        this.router = router;
        this.consumption = consumption;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.INCIDENT_EVENTS),
                this::apply);
    }

    private Uni<Void> apply(ReceivedMessage message, SqlConnection connection) {
        IncidentEvent event = message.data(IncidentEvent.class);
        LOG.infof("Incident %s version %d: %s", event.header().incidentId(), event.header().version(),
                message.type().ceType());
        return snapshots.remember(connection, event.header(), message.type(), clock.instant())
                .chain(() -> router.route(connection, message.type(), event));
    }
}
