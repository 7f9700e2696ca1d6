package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.incident.service.DetectionIntake;
import dev.aiim.platform.messaging.BatchConsumption;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes detections from {@code aiim.detections.v1} a poll at a time, once each, in one transaction per poll
 * ({@link BatchConsumption}): each opens an incident or joins the open one with its correlation key, a key's
 * detections of one poll in one append (see {@link DetectionIntake#applyAll}), in the order the log keeps per key.
 * A message that is not a readable detection, or one that can never be applied, goes to
 * {@code aiim.dead-letters.incident-service.v1}.
 */
@ApplicationScoped
public class DetectionConsumer {

    public static final String CHANNEL = "detections";
    public static final String DEAD_LETTERS = "detections-dead-letters";
    public static final String CONSUMER = "incident-service/detections";

    private final BatchConsumption consumption;
    private final DetectionIntake intake;
    private final MutinyEmitter<String> deadLetters;

    public DetectionConsumer(BatchConsumption consumption, DetectionIntake intake,
                             @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetters) {
        this.consumption = consumption;
        this.intake = intake;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumption.consume(CONSUMER, batch, MessageTypes.onTopic(Topics.DETECTIONS),
                (connection, messages) -> intake.applyAll(connection, messages.stream()
                        .map(m -> new DetectionIntake.Arrival(m.data(), m.id())).toList()), deadLetters)
                .replaceWithVoid();
    }
}
