package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.people.PersonRegistered;
import dev.aiim.contracts.people.PersonRemoved;
import dev.aiim.contracts.people.PersonUpdated;
import dev.aiim.incident.repository.PersonDirectoryRepository;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps the people directory from {@code aiim.people.v1} (compacted, so a new replica reads everyone): who is a
 * senior engineering leader and may command a SEV1/SEV2 incident. In order per person (key = person id).
 */
@ApplicationScoped
public class PeopleConsumer {

    public static final String CHANNEL = "people";
    public static final String CONSUMER = "incident-service/people";

    private final MessageConsumption consumption;
    private final PersonDirectoryRepository directory;

    public PeopleConsumer(MessageConsumption consumption, PersonDirectoryRepository directory) {
        this.consumption = consumption;
        this.directory = directory;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.PEOPLE), this::apply);
    }

    private Uni<Void> apply(ReceivedMessage message, SqlConnection connection) {
        if (message.data() instanceof PersonRegistered registered) {
            return directory.remember(connection, registered.person(), registered.changedAt());
        }
        if (message.data() instanceof PersonUpdated updated) {
            return directory.remember(connection, updated.person(), updated.changedAt());
        }
        return directory.forget(connection, message.data(PersonRemoved.class).personId());
    }
}
