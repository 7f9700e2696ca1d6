package dev.aiim.detection.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.platform.messaging.CloudEventMessages;
import dev.aiim.platform.problem.ServiceUnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Appends accepted alerts to {@code aiim.alerts.v1}, keyed by {@code integrationId:dedupKey} (one alert's history in
 * order), and completes once the broker has every one on all in-sync replicas ({@code acks=all}, idempotent
 * producer): from then on an alert is durable, and the sender may hear 202. When the broker does not acknowledge in
 * time the sender hears 503 with {@code Retry-After}, and may send again: a repeat is deduplicated behind the log.
 */
@ApplicationScoped
public class AlertLog {

    public static final String CHANNEL = "alerts";
    private static final Logger LOG = Logger.getLogger(AlertLog.class);

    private final MutinyEmitter<String> emitter;

    public AlertLog(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                    MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> append(List<AlertReceived> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> acks = alerts.stream().map(alert -> emitter.sendMessage(CloudEventMessages.outgoing(
                MessageTypes.ALERT_RECEIVED, alert.alertId(), DetectionRelay.SOURCE, alert.integrationId(), key(alert),
                alert.receivedAt(), alert))).toList();
        return (acks.size() == 1 ? acks.get(0) : Uni.join().all(acks).andFailFast().replaceWithVoid())
                .onFailure().transform(failure -> {
                    LOG.warnf("Kafka did not acknowledge %d accepted alert(s): %s", alerts.size(),
                            failure.getMessage());
                    return new ServiceUnavailableException("The event broker did not take the alerts; send them"
                            + " again", 5);
                });
    }

    /** The record key: one integration's alert with one dedup key always lands on one partition, in order. */
    public static String key(AlertReceived alert) {
        return alert.integrationId() + ":" + alert.dedupKey();
    }
}
