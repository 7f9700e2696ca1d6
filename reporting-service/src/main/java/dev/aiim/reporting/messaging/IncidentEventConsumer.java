package dev.aiim.reporting.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.reporting.service.ReadModels;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;


/**
 * Takes incident events from {@code aiim.incident-events.v1}, once each, into the event log and the
 * incident records ({@link ReadModels}). Unreadable messages go to {@code aiim.dead-letters.reporting-service.v1}.
 */
@ApplicationScoped
public class IncidentEventConsumer {

    public static final String CHANNEL = "incident-events";
    public static final String CONSUMER = "reporting-service/incident-events";
    private static final Logger LOG = Logger.getLogger(IncidentEventConsumer.class);

    private final MessageConsumption consumption;
    private final ReadModels readModels;

    public IncidentEventConsumer(MessageConsumption consumption, ReadModels readModels) {
        this.consumption = consumption;
        this.readModels = readModels;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.INCIDENT_EVENTS), this::apply);
    }

    private Uni<Void> apply(ReceivedMessage message, SqlConnection connection) {
        IncidentEvent event = message.data(IncidentEvent.class);
        LOG.debugf("Incident %s version %d: %s", event.header().incidentId(), event.header().version(),
                message.type().ceType());
        return readModels.applyIncidentEvent(connection, message);
    }
}
