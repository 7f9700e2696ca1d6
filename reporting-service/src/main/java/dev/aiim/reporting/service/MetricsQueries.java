package dev.aiim.reporting.service;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.reporting.domain.IncidentMetrics;
import dev.aiim.reporting.repository.IncidentEventLogRepository;
import dev.aiim.reporting.repository.IncidentRecordRepository;
import dev.aiim.reporting.repository.NotificationCountRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The metrics over the read models, for the API, the CSV export, the dashboard and the Prometheus gauges. */
@ApplicationScoped
public class MetricsQueries {

    /** What to count: detected in [from, to), and optionally one severity, system, client or category. */
    public record Query(Instant from, Instant to, Severity severity, String systemId, String client,
                        IncidentCategory category) {

        public static final Query ALL = new Query(null, null, null, null, null, null);
    }

    /** The figures and the incidents whose records wait for a missing event. */
    public record Result(IncidentMetrics.Summary summary, List<String> staleIncidents, Instant computedAt) {
    }

    private final IncidentRecordRepository records;
    private final NotificationCountRepository notifications;
    private final AiSystemReplica systems;
    private final IncidentEventLogRepository log;
    private final Clock clock;
    private final Pool pool;

    public MetricsQueries(IncidentRecordRepository records, NotificationCountRepository notifications,
                          AiSystemReplica systems, IncidentEventLogRepository log, Clock clock, Pool pool) {
        this.records = records;
        this.notifications = notifications;
        this.systems = systems;
        this.log = log;
        this.clock = clock;
        this.pool = pool;
    }

    public Uni<Result> summary(Query query) {
        Uni<Set<String>> systemIds = query.client() == null
                ? Uni.createFrom().item(query.systemId() == null ? null : Set.of(query.systemId()))
                : systems.ofClient(pool, query.client()).map(ofClient -> {
                    Set<String> chosen = new HashSet<>(ofClient);
                    if (query.systemId() != null) {
                        chosen.retainAll(Set.of(query.systemId()));
                    }
                    return chosen;
                });
        Instant now = clock.instant();
        return systemIds.chain(ids -> records.production(pool, query.from(), query.to())
                .chain(all -> notifications.missedUpdates(pool).chain(missed -> log.withGaps(pool).map(stale ->
                        new Result(IncidentMetrics.summarize(all, new IncidentMetrics.Filter(query.from(), query.to(),
                                query.severity(), ids, query.category()), missed,
                                LocalDate.ofInstant(now, ZoneOffset.UTC)), stale, now)))));
    }
}
