package dev.aiim.detection.messaging;

import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.repository.StakeholderReportRepository;
import dev.aiim.detection.service.StakeholderReports;
import dev.aiim.platform.messaging.PollingWorker;
import dev.aiim.platform.operations.OperationsMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Forwards stored stakeholder reports to the detection outbox, on its own thread, and wakes the relay. A report is
 * stored first (its receipt never waits for anything else); while Kafka is away its detection waits in the outbox.
 */
@ApplicationScoped
public class ReportOutbox {

    private static final int BATCH = 50;

    private final PollingWorker worker;
    private final OperationsMetrics operations;
    private final Supplier<Uni<OperationsMetrics.Backlog>> backlog;

    public ReportOutbox(StakeholderReports reports, StakeholderReportRepository stored, DetectionConfig config,
                        OperationsMetrics operations, Pool pool, DetectionRelay relay) {
        this.backlog = () -> stored.backlog(pool);
        this.operations = operations;
        this.worker = new PollingWorker("report-outbox", () -> reports.publishPending(BATCH)
                .invoke(forwarded -> {
                    if (forwarded > 0) {
                        relay.wake();
                    }
                }), BATCH,
                config.reports().outboxInterval(), Duration.ofSeconds(5));
    }

    void start(@Observes StartupEvent event) {
        operations.backlog("report-outbox", backlog);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        worker.stop();
    }
}
