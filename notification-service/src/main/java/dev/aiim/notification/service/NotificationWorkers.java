package dev.aiim.notification.service;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.messaging.OutboxRelay;
import dev.aiim.platform.messaging.PollingWorker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The background work of a replica, each on its own thread: one delivery worker per channel type (a slow
 * channel holds up only its own kind), the timer worker, and the outbox relay. Replicas share the work
 * through row locks, so running several is safe.
 */
@ApplicationScoped
public class NotificationWorkers {

    private final DeliveryWorker deliveries;
    private final TimerFiring timers;
    private final OutboxRelay relay;
    private final NotificationConfig config;
    private final List<PollingWorker> running = new ArrayList<>();

    public NotificationWorkers(DeliveryWorker deliveries, TimerFiring timers, OutboxRelay relay,
                               NotificationConfig config) {
        this.deliveries = deliveries;
        this.timers = timers;
        this.relay = relay;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.workers().enabled()) {
            start();
        }
    }

    /** Starts every worker (again, after {@link #stop()}). */
    public synchronized void start() {
        if (!running.isEmpty()) {
            return;
        }
        Duration idle = config.workers().idle();
        Duration backoff = idle.multipliedBy(4);
        for (ChannelType type : ChannelType.values()) {
            running.add(new PollingWorker("delivery-" + type.name().toLowerCase(), () -> deliveries.sendDue(type),
                    config.workers().concurrency(), idle, backoff));
        }
        running.add(new PollingWorker("due-timers", timers::fireDue, TimerFiring.BATCH, idle, backoff));
        running.add(new PollingWorker("notification-outbox", relay::relay, OutboxRelay.BATCH, idle, backoff));
        running.forEach(PollingWorker::start);
    }

    /** Stops every worker, waiting for rounds in progress. */
    public synchronized void stop() throws InterruptedException {
        for (PollingWorker worker : running) {
            worker.stop();
        }
        running.clear();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }
}
