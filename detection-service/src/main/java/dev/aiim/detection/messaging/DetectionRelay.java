package dev.aiim.detection.messaging;

import dev.aiim.contracts.Topics;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.platform.messaging.Outbox;
import dev.aiim.platform.messaging.PollingWorker;
import dev.aiim.platform.operations.OperationsMetrics;
import dev.aiim.platform.persistence.DatabaseNotifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Clock;
import java.time.Duration;

/**
 * Relays {@code detection_outbox} to {@code aiim.detections.v1} and {@code aiim.ai-systems.v1}, in order, on its own
 * thread ({@link Outbox#relay}). It is woken as an outbox row commits (the table's trigger notifies
 * {@code aiim_detection_outbox}, which every instance hears; this instance's own writers wake it directly), and
 * polls every {@code aiim.detection.relay.interval} only as the fallback.
 */
@ApplicationScoped
public class DetectionRelay {

    public static final String DETECTIONS = "detections";
    public static final String AI_SYSTEMS = "ai-systems";
    static final String SOURCE = "/detection-service";
    static final String CHANNEL = "aiim_detection_outbox";
    public static final int BATCH = 500;

    private final DetectionOutbox outbox;
    private final MutinyEmitter<String> detections;
    private final MutinyEmitter<String> systems;
    private final Pool pool;
    private final Clock clock;
    private final OperationsMetrics operations;
    private final DatabaseNotifications notifications;
    private final PollingWorker worker;

    public DetectionRelay(DetectionOutbox outbox,
                          @Channel(DETECTIONS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
                          MutinyEmitter<String> detections,
                          @Channel(AI_SYSTEMS) MutinyEmitter<String> systems, Pool pool, Clock clock,
                          OperationsMetrics operations, DatabaseNotifications notifications,
                          DetectionConfig config) {
        this.outbox = outbox;
        this.detections = detections;
        this.systems = systems;
        this.pool = pool;
        this.clock = clock;
        this.operations = operations;
        this.notifications = notifications;
        this.worker = new PollingWorker("detection-outbox", this::relay, BATCH, config.relay().interval(),
                Duration.ofSeconds(1));
    }

    void start(@Observes StartupEvent event) {
        operations.backlog("detection-outbox", () -> outbox.backlog(pool));
        notifications.listen(CHANNEL, worker::wake);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        worker.stop();
    }

    /** A transaction that queued messages has committed: relay them now. */
    public void wake() {
        worker.wake();
    }

    private Uni<Integer> relay() {
        return outbox.table().relay(pool, BATCH, pending -> (Topics.AI_SYSTEMS.equals(pending.type().topic())
                ? systems : detections).sendMessage(pending.message(SOURCE)), clock.instant());
    }
}
