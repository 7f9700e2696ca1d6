package dev.aiim.detection.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.service.AlertDeduplicator;
import dev.aiim.detection.service.IntakeDirectory;
import dev.aiim.platform.messaging.BatchConsumption;
import dev.aiim.platform.messaging.ReceivedMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads {@code aiim.alerts.v1} in batches (a poll's records at once) and applies each batch in one transaction
 * ({@link BatchConsumption}, {@link AlertDeduplicator}); the batch is acknowledged only after that commits, so a
 * crash between the two delivers the batch again, and the alerts already applied are skipped. A record that is not a
 * readable alert, or an alert that can never be applied, is parked on {@code aiim.dead-letters.detection-service.v1}.
 */
@ApplicationScoped
public class AlertLogConsumer {

    public static final String CHANNEL = "alerts-in";
    public static final String DEAD_LETTERS = "alerts-dead-letters";

    private final BatchConsumption consumption;
    private final AlertDeduplicator deduplicator;
    private final IntakeDirectory directory;
    private final DetectionRelay relay;
    private final MutinyEmitter<String> deadLetters;

    public AlertLogConsumer(BatchConsumption consumption, AlertDeduplicator deduplicator, IntakeDirectory directory,
                            DetectionRelay relay, @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetters) {
        this.consumption = consumption;
        this.deduplicator = deduplicator;
        this.directory = directory;
        this.relay = relay;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        AtomicBoolean queued = new AtomicBoolean();
        return consumption.consume(AlertDeduplicator.CONSUMER, batch, MessageTypes.onTopic(Topics.ALERTS),
                        (connection, messages) -> apply(connection, messages, queued), deadLetters)
                .invoke(() -> {
                    if (queued.get()) {
                        relay.wake(); // committed: the outbox has them
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> apply(SqlConnection connection, List<ReceivedMessage> messages, AtomicBoolean queued) {
        List<AlertReceived> alerts = messages.stream().map(m -> m.data(AlertReceived.class)).toList();
        // an integration created a moment ago on another instance: read the directory before going on
        Uni<Void> current = deduplicator.knowsIntegrations(alerts) ? Uni.createFrom().voidItem()
                : directory.reload().onFailure().recoverWithNull().replaceWithVoid();
        return current.chain(() -> deduplicator.apply(connection, alerts)).invoke(outcome -> {
            if (!outcome.raised().isEmpty() || !outcome.resolved().isEmpty()) {
                queued.set(true);
            }
        }).replaceWithVoid();
    }
}
