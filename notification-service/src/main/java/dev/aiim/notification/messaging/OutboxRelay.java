package dev.aiim.notification.messaging;

import dev.aiim.notification.repository.OutboxRepository;
import dev.aiim.platform.operations.OperationsMetrics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Clock;

/**
 * Relays {@code notification_outbox} to {@code aiim.notifications.v1} in order ({@link
 * dev.aiim.platform.messaging.Outbox#relay}): a broker outage delays messages and loses none.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "notifications";
    static final String SOURCE = "/notification-service";
    public static final int BATCH = 100;

    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final Pool pool;
    private final Clock clock;
    private final OperationsMetrics operations;

    public OutboxRelay(OutboxRepository outbox, @Channel(CHANNEL) MutinyEmitter<String> emitter, Pool pool,
                       Clock clock, OperationsMetrics operations) {
        this.operations = operations;
        this.outbox = outbox;
        this.pool = pool;
        this.emitter = emitter;
        this.clock = clock;
    }

    /** Publishes the outbox's backlog as a metric from start-up, whether or not the workers run. */
    void watch(@Observes StartupEvent event) {
        operations.backlog("notification-outbox", () -> outbox.backlog(pool));
    }

    /** Publishes the oldest pending messages, in one transaction that holds them locked; answers how many. */
    public Uni<Integer> relay() {
        return outbox.table().relay(pool, BATCH, pending -> emitter.sendMessage(pending.message(SOURCE)),
                clock.instant());
    }
}
