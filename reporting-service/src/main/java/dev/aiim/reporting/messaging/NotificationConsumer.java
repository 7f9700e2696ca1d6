package dev.aiim.reporting.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.reporting.service.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Counts notification outcomes per incident from {@code aiim.notifications.v1}, once per message. */
@ApplicationScoped
public class NotificationConsumer {

    public static final String CHANNEL = "notifications";
    public static final String CONSUMER = "reporting-service/notifications";

    private final MessageConsumption consumption;
    private final ReadModels readModels;

    public NotificationConsumer(MessageConsumption consumption, ReadModels readModels) {
        this.consumption = consumption;
        this.readModels = readModels;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.NOTIFICATIONS),
                (received, connection) -> readModels.applyNotification(connection, received));
    }
}
