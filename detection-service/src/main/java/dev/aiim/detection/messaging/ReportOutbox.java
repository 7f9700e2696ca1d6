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
 * Publishes stored stakeholder reports, on its own thread. While Kafka is away the reports wait in the
 * table and go out when it is back; each is marked only after Kafka acknowledged it (at least once).
 */
@ApplicationScoped
public class ReportOutbox {

    private static final int BATCH = 50;

    private final PollingWorker worker;
    private final OperationsMetrics operations;
    private final Supplier<Uni<OperationsMetrics.Backlog>> backlog;

    public ReportOutbox(StakeholderReports reports, StakeholderReportRepository stored, DetectionConfig config,
                        OperationsMetrics operations, Pool pool) {
        this.backlog = () -> stored.backlog(pool);
        this.operations = operations;
        this.worker = new PollingWorker("report-outbox", () -> reports.publishPending(BATCH), BATCH,
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
