package dev.aiim.detection.service;

import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.repository.MonitorRepository;
import dev.aiim.detection.repository.TelemetryRepository;
import dev.aiim.platform.messaging.PollingWorker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs each system's evaluations when due ({@code evaluateEvery} of its settings) and its proactive checks
 * (daily for HIGH risk, weekly otherwise), on its own thread. Replicas share the work through
 * {@code monitor_schedule}: a due system is claimed with a lease, so one replica evaluates it, and one that
 * dies mid-way leaves it to another when the lease ends. Each round also checks the integrations' heartbeats
 * ({@link IntegrationHeartbeats}); old telemetry is purged once an hour.
 */
@ApplicationScoped
public class MonitorScheduler {

    private static final Logger LOG = Logger.getLogger(MonitorScheduler.class);
    /** Systems claimed per poll; a full claim polls again at once. */
    static final int CLAIM = 10;
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final MonitorRepository monitors;
    private final TelemetryRepository telemetry;
    private final MonitorEvaluation evaluation;
    private final MonitorConfiguration configuration;
    private final IntegrationHeartbeats heartbeats;
    private final MaintenanceWindows maintenance;
    private final DetectionConfig config;
    private final Clock clock;
    private final PollingWorker worker;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    public MonitorScheduler(MonitorRepository monitors, TelemetryRepository telemetry, MonitorEvaluation evaluation,
                            MonitorConfiguration configuration, IntegrationHeartbeats heartbeats,
                            MaintenanceWindows maintenance, DetectionConfig config, Clock clock) {
        this.heartbeats = heartbeats;
        this.maintenance = maintenance;
        this.monitors = monitors;
        this.telemetry = telemetry;
        this.evaluation = evaluation;
        this.configuration = configuration;
        this.config = config;
        this.clock = clock;
        this.worker = new PollingWorker("monitor-scheduler", this::tick, CLAIM, config.monitors().tick(),
                Duration.ofSeconds(30));
    }

    void start(@Observes StartupEvent event) {
        if (config.monitors().schedulerEnabled()) {
            worker.start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        worker.stop();
    }

    /** One round: schedule new systems, run what is due, purge if an hour has passed. Answers the evaluations run. */
    public Uni<Integer> tick() {
        Instant now = clock.instant();
        return monitors.scheduleNewSystems(now)
                .chain(() -> monitors.claimDue(false, now, now.plus(LEASE), CLAIM))
                .chain(due -> run(due, false, now))
                .chain(regular -> monitors.claimDue(true, now, now.plus(LEASE), CLAIM)
                        .chain(due -> run(due, true, now))
                        .map(proactive -> Math.max(regular, proactive)))
                .call(() -> heartbeats.check(now).onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Integration heartbeat check failed (tried again next round): %s", failure.getMessage());
                    return 0;
                }))
                .call(() -> maintenance.release(now).onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Releasing ended maintenance windows failed (tried again next round): %s",
                            failure.getMessage());
                    return 0;
                }))
                .call(() -> purge(now));
    }

    private Uni<Integer> run(List<String> systemIds, boolean proactive, Instant now) {
        if (systemIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // One system at a time: an evaluation holds its window in memory, and two cores are shared with intake.
        return Multi.createFrom().iterable(systemIds)
                .onItem().transformToUniAndConcatenate(systemId -> runOne(systemId, proactive, now))
                .collect().asList()
                .map(done -> (int) done.stream().filter(ok -> ok).count());
    }

    /** Answers whether the evaluation went through (a failed one is left to the lease). */
    private Uni<Boolean> runOne(String systemId, boolean proactive, Instant now) {
        MonitorEvaluation.Kind kind = proactive ? MonitorEvaluation.Kind.PROACTIVE : MonitorEvaluation.Kind.SCHEDULED;
        return evaluation.evaluate(systemId, kind, now)
                .chain(check -> next(systemId, proactive, now))
                .chain(next -> monitors.scheduleNext(systemId, proactive, next))
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    // The lease brings it back; say why, once per attempt.
                    LOG.warnf("%s evaluation of %s failed (retried after %s): %s", kind, systemId, LEASE,
                            failure.getMessage());
                    return false;
                });
    }

    private Uni<Instant> next(String systemId, boolean proactive, Instant now) {
        if (proactive) {
            return monitors.system(systemId).map(system -> now.plus(system.isPresent()
                    && system.get().riskTier() == RiskTier.HIGH ? config.monitors().proactiveHighRisk()
                    : config.monitors().proactiveStandard()));
        }
        return configuration.effective(systemId).map(settings -> now.plus(settings.evaluateEvery()));
    }

    private Uni<Void> purge(Instant now) {
        Instant last = lastPurge.get();
        if (Duration.between(last, now).compareTo(PURGE_EVERY) < 0 || !lastPurge.compareAndSet(last, now)) {
            return Uni.createFrom().voidItem();
        }
        return telemetry.purge(now.minus(config.monitors().retention()),
                        now.minus(config.monitors().evidenceKeptAfterClose()))
                .invoke(batches -> {
                    if (batches > 0) {
                        LOG.infof("Purged %d prediction batches older than %s", batches, config.monitors().retention());
                    }
                })
                .replaceWithVoid();
    }
}
