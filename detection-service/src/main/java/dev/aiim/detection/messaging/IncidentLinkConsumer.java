package dev.aiim.detection.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.SignalAttached;
import dev.aiim.detection.repository.IncidentLinkRepository;
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
 * Follows {@code aiim.incident-events.v1}, once per message, for what this service's reporters ask: which
 * incident their detection opened or joined ({@code incident.opened} with a detection id,
 * {@code incident.signal-attached}), and where that incident now stands (every later event of it).
 */
@ApplicationScoped
public class IncidentLinkConsumer {

    public static final String CHANNEL = "incident-events";
    public static final String CONSUMER = "detection-service/incident-links";
    private static final Logger LOG = Logger.getLogger(IncidentLinkConsumer.class);

    private final MessageConsumption consumption;
    private final IncidentLinkRepository links;
    private final Clock clock;

    public IncidentLinkConsumer(MessageConsumption consumption, IncidentLinkRepository links, Clock clock) {
        this.consumption = consumption;
        this.links = links;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.INCIDENT_EVENTS), this::apply);
    }

    private Uni<Void> apply(ReceivedMessage message, SqlConnection connection) {
        IncidentEvent event = message.data(IncidentEvent.class);
        String detectionId = null;
        if (event instanceof IncidentOpened opened) {
            detectionId = opened.detectionId();
        } else if (event instanceof SignalAttached attached) {
            detectionId = attached.detectionId();
        }
        if (detectionId == null) {
            return links.follow(connection, event.header(), clock.instant());
        }
        LOG.infof("Detection %s is part of incident %s", detectionId, event.header().incidentId());
        return links.link(connection, detectionId, event.header(), clock.instant());
    }
}
