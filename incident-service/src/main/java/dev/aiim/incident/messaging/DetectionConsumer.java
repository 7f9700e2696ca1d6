package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.incident.service.DetectionIntake;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Takes detections from {@code aiim.detections.v1}, once each: each opens an incident or joins the open one
 * with its correlation key (see {@link DetectionIntake}).
 * A message that is not a readable detection goes to {@code aiim.dead-letters.incident-service.v1}.
 */
@ApplicationScoped
public class DetectionConsumer {

    public static final String CHANNEL = "detections";
    public static final String CONSUMER = "incident-service/detections";
    private static final Logger LOG = Logger.getLogger(DetectionConsumer.class);

    private final MessageConsumption consumption;
    private final DetectionIntake intake;

    public DetectionConsumer(MessageConsumption consumption, DetectionIntake intake) {
        this.consumption = consumption;
        this.intake = intake;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message,
                Set.of(MessageTypes.DETECTION_RAISED, MessageTypes.DETECTION_RESOLVED), this::apply);
    }

    private Uni<Void> apply(ReceivedMessage message, SqlConnection connection) {
        if (message.data() instanceof DetectionRaised raised) {
            LOG.infof("Detection %s received (correlation %s, system %s)", raised.detectionId(),
                    raised.correlationKey(), raised.systemId());
            return intake.raised(connection, raised, message.id()).replaceWithVoid();
        }
        DetectionResolved resolved = message.data(DetectionResolved.class);
        LOG.infof("Detection %s resolved at source", resolved.detectionId());
        return intake.resolved(connection, resolved, message.id());
    }
}
