package dev.aiim.notification.service;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.messaging.OutboxRelay;
import dev.aiim.platform.messaging.PollingWorker;
import dev.aiim.platform.persistence.DatabaseNotifications;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The background work of a replica, each on its own thread: one delivery worker per channel type (a slow
 * channel holds up only its own kind), the timer worker, and the outbox relay. Replicas share the work
 * through row locks, so running several is safe. Workers are woken as work commits; their idle poll is the fallback.
 */
@ApplicationScoped
public class NotificationWorkers {

    /** Notified by the database as a delivery or an outbox message commits (V5__wake_the_workers.sql). */
    static final String WORK = "aiim_notification_work";

    private final DeliveryWorker deliveries;
    private final TimerFiring timers;
    private final OutboxRelay relay;
    private final NotificationConfig config;
    private final MeterRegistry registry;
    private final List<PollingWorker> running = new CopyOnWriteArrayList<>();
    /** Polls of workers stopped earlier, so that the counters only grow across a stop and start. */
    private final Map<String, Long> earlierPolls = new HashMap<>();

    public NotificationWorkers(DeliveryWorker deliveries, TimerFiring timers, OutboxRelay relay,
                               NotificationConfig config, MeterRegistry registry,
                               DatabaseNotifications notifications) {
        // a delivery or an outbox message committed (here or on another replica): look at once, not at the next poll
        notifications.listen(WORK, () -> running.forEach(PollingWorker::wake));
        this.deliveries = deliveries;
        this.timers = timers;
        this.relay = relay;
        this.config = config;
        this.registry = registry;
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
        for (PollingWorker worker : running) {
            // worker_polls_total{worker}: how often each worker looked for due work (registered once per name)
            FunctionCounter.builder("worker.polls", this, workers -> workers.polls(worker.name()))
                    .tag("worker", worker.name()).description("Polls each background worker has finished")
                    .register(registry);
            worker.start();
        }
    }

    /** Stops every worker, waiting for rounds in progress. */
    public synchronized void stop() throws InterruptedException {
        for (PollingWorker worker : running) {
            worker.stop();
            earlierPolls.merge(worker.name(), worker.completedPolls(), Long::sum);
        }
        running.clear();
    }

    /**
     * The polls the least busy worker has finished. Once this has grown by two since a moment, every worker has
     * looked at what was due then: a test that checks that nothing more is sent waits for it, not for time.
     */
    public synchronized long fewestPolls() {
        return running.stream().mapToLong(worker -> polls(worker.name())).min().orElse(0);
    }

    /** The polls one worker has finished since the service started. */
    synchronized long polls(String worker) {
        long current = running.stream().filter(w -> w.name().equals(worker)).mapToLong(PollingWorker::completedPolls)
                .sum();
        return earlierPolls.getOrDefault(worker, 0L) + current;
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }
}
