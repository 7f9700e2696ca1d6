package dev.aiim.platform.messaging;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A poll loop on a dedicated thread, for outboxes and relays: it may wait for each poll (never the event
 * loop does), polls again at once while a poll fills its batch, idles otherwise until {@link #wake} says there is
 * work (or the idle interval passes: polling is the fallback, never the way work is found when all goes well), and
 * backs off after a failure (the poll's transaction rolled back; the same work is retried).
 */
public final class PollingWorker {

    private static final Logger LOG = Logger.getLogger(PollingWorker.class);

    private final String name;
    private final Supplier<Uni<Integer>> poll;
    private final int batchSize;
    private final Duration idle;
    private final Duration backoff;
    private final AtomicLong polls = new AtomicLong();
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /**
     * @param poll      one poll in its own transaction, answering how much it handled
     * @param batchSize a poll that handled this many polls again at once
     */
    public PollingWorker(String name, Supplier<Uni<Integer>> poll, int batchSize, Duration idle, Duration backoff) {
        this.name = name;
        this.poll = poll;
        this.batchSize = batchSize;
        this.idle = idle;
        this.backoff = backoff;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** There is work (a transaction that queued some has committed): an idle worker polls at once. */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    public String name() {
        return name;
    }

    /**
     * Polls finished so far, handled or failed. Whoever needs to know that the worker has looked at what is due now
     * (a test checking that nothing more was sent) waits until this has grown by two: the first poll may have
     * started before.
     */
    public long completedPolls() {
        return polls.get();
    }

    private void run() {
        while (running) {
            try {
                Integer handled = VertxContextSupport.subscribeAndAwait(poll::get);
                polls.incrementAndGet();
                if (handled < batchSize && wakeups.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits(); // one poll answers every wake-up that came before it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable failure) {
                polls.incrementAndGet();
                LOG.warnf("%s: poll failed, retrying in %d ms: %s", name, backoff.toMillis(), failure.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
