package dev.aiim.reporting.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MalformedMessageException;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.integrity.CheckpointTaken;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.TimeStamps;
import dev.aiim.platform.messaging.MessageConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
import dev.aiim.reporting.repository.CheckpointRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.List;

/**
 * Keeps every checkpoint from {@code aiim.integrity-checkpoints.v1} with the events it covers, once it has checked
 * that the checkpoint's signature holds under the keys published with it, that its leaves are those its signed
 * root covers, and that its time-stamp, if it has one, is of it (a message that does not is dead-lettered, not kept).
 */
@ApplicationScoped
public class CheckpointConsumer {

    public static final String CHANNEL = "integrity-checkpoints";
    public static final String CONSUMER = "reporting-service/integrity-checkpoints";

    private final MessageConsumption consumption;
    private final CheckpointRepository checkpoints;

    public CheckpointConsumer(MessageConsumption consumption, CheckpointRepository checkpoints) {
        this.consumption = consumption;
        this.checkpoints = checkpoints;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return consumption.consumeOnceOn(CONSUMER, message, MessageTypes.onTopic(Topics.INTEGRITY_CHECKPOINTS),
                (received, connection) -> {
                    List<ChainCheckpoint.Leaf> leaves = leaves(received);
                    return checkpoints.add(connection, stored(received, leaves), leaves);
                });
    }

    private static CheckpointTaken taken(ReceivedMessage received) {
        return (CheckpointTaken) received.data();
    }

    private static List<ChainCheckpoint.Leaf> leaves(ReceivedMessage received) {
        return ChainCheckpoint.sorted(taken(received).leaves().stream()
                .map(l -> new ChainCheckpoint.Leaf(l.streamId(), l.version(), l.hash())).toList());
    }

    private static CheckpointRepository.Stored stored(ReceivedMessage received, List<ChainCheckpoint.Leaf> leaves) {
        CheckpointTaken taken = taken(received);
        JsonNode document;
        ChainCheckpoint.Check check;
        try {
            document = EventJson.mapper().readTree(taken.checkpoint());
            check = ChainCheckpoint.verify(document, leaves,
                    KeyRing.fromJwks(EventJson.mapper().readTree(taken.keys())));
        } catch (Exception e) {
            throw new MalformedMessageException("checkpoint " + received.subject() + " cannot be read: "
                    + e.getMessage());
        }
        if (!check.valid()) {
            throw new MalformedMessageException(check.detail());
        }
        if (taken.timestamp() != null) {
            TimeStamps.Check stamp = TimeStamps.verify(taken.timestamp(), ChainCheckpoint.digest(document));
            if (!stamp.valid()) {
                throw new MalformedMessageException("checkpoint " + received.subject() + ": " + stamp.detail());
            }
        }
        return new CheckpointRepository.Stored(document.path("id").asText(), document.path("sequence").asLong(),
                Instant.parse(document.path("takenAt").asText()), taken.checkpoint(), taken.keys(),
                taken.timestamp());
    }
}
