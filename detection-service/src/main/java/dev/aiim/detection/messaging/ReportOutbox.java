package dev.aiim.detection.messaging;

import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.service.StakeholderReports;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Publishes stored stakeholder reports, on its own thread. While Kafka is away the reports wait in the
 * table and go out when it is back; each is marked only after Kafka acknowledged it (at least once).
 */
@ApplicationScoped
public class ReportOutbox {

    private static final Logger LOG = Logger.getLogger(ReportOutbox.class);

    private final StakeholderReports reports;
    private final DetectionConfig config;
    private volatile boolean running;
    private Thread worker;

    public ReportOutbox(StakeholderReports reports, DetectionConfig config) {
        this.reports = reports;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        worker = new Thread(this::run, "report-outbox");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(5_000);
        }
    }

    private void run() {
        long idle = config.reports().outboxInterval().toMillis();
        while (running) {
            try {
                Integer sent = VertxContextSupport.subscribeAndAwait(reports::publishPending);
                if (sent == 0) {
                    Thread.sleep(idle);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable failure) {
                LOG.warnf("Report outbox: publishing failed, the reports wait and are retried in 5 s: %s",
                        failure.getMessage());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
