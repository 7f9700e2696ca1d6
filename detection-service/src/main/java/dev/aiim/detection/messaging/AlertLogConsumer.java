package dev.aiim.detection.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.detection.domain.AlertDeduplication;
import dev.aiim.detection.repository.IntegrationHeartbeatRepository;
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

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    private static final Set<String> HEARTBEAT_ALERTS = Set.of("watchdog", "deadmansswitch", "heartbeat");

    private final BatchConsumption consumption;
    private final AlertDeduplicator deduplicator;
    private final IntakeDirectory directory;
    private final DetectionRelay relay;
    private final MutinyEmitter<String> deadLetters;
    private final IntegrationHeartbeatRepository heartbeats;

    public AlertLogConsumer(BatchConsumption consumption, AlertDeduplicator deduplicator, IntakeDirectory directory,
                            DetectionRelay relay, @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetters,
                            IntegrationHeartbeatRepository heartbeats) {
        this.heartbeats = heartbeats;
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
        return current.chain(() -> deduplicator.apply(connection, alerts.stream().filter(alert -> !heartbeat(alert))
                .toList())).invoke(outcome -> {
            if (!outcome.raised().isEmpty() || !outcome.resolved().isEmpty()) {
                queued.set(true);
            }
        }).chain(() -> heartbeats.seen(connection, heardFrom(alerts)));
    }

    /**
     * A watchdog alert (alertname Watchdog, DeadMansSwitch or Heartbeat) of an integration that promises a heartbeat
     * is the heartbeat itself: it moves the last-seen time and opens no incident.
     */
    private boolean heartbeat(AlertReceived alert) {
        String name = alert.labels() == null ? null : alert.labels().get("alertname");
        return name != null && HEARTBEAT_ALERTS.contains(name.toLowerCase(Locale.ROOT)) && promisesHeartbeat(alert);
    }

    private boolean promisesHeartbeat(AlertReceived alert) {
        return alert.integrationId() != null && directory.byId(alert.integrationId())
                .map(i -> i.heartbeatInterval() != null).orElse(false);
    }

    /** The latest alert of each integration that promises a heartbeat (the others are not watched). */
    private Map<String, Instant> heardFrom(List<AlertReceived> alerts) {
        Map<String, Instant> seen = new HashMap<>();
        for (AlertReceived alert : alerts) {
            if (promisesHeartbeat(alert)) {
                seen.merge(alert.integrationId(), alert.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return seen;
    }
}
