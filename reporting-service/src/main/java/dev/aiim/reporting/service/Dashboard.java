package dev.aiim.reporting.service;

import dev.aiim.contracts.Severity;
import dev.aiim.reporting.domain.IncidentRecord;
import dev.aiim.reporting.repository.IncidentRecordRepository;
import dev.aiim.reporting.repository.NotificationCountRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the leadership dashboard shows: the headline figures against targets (all production incidents),
 * and every open incident with its phase and what is overdue: triage after 30 minutes, containment after
 * 1 hour (SEV1) or 4 hours (SEV2), status updates the incident missed.
 */
@ApplicationScoped
public class Dashboard {

    /** An open incident on the board. */
    public record OpenIncident(String incidentId, String title, String severity, String phase, String systemId,
                               Instant detectedAt, long minutesOpen, List<String> overdue) {
    }

    public record Board(MetricsQueries.Result metrics, List<OpenIncident> open, Map<String, Long> openBySeverity,
                        Instant at) {
    }

    private final MetricsQueries metrics;
    private final IncidentRecordRepository records;
    private final NotificationCountRepository notifications;
    private final Clock clock;
    private final Pool pool;

    public Dashboard(MetricsQueries metrics, IncidentRecordRepository records,
                     NotificationCountRepository notifications, Clock clock, Pool pool) {
        this.metrics = metrics;
        this.records = records;
        this.notifications = notifications;
        this.clock = clock;
        this.pool = pool;
    }

    public Uni<Board> board() {
        Instant now = clock.instant();
        return metrics.summary(MetricsQueries.Query.ALL).chain(result -> records.production(pool, null, null)
                .chain(all -> notifications.missedUpdates(pool).map(missed -> {
                    List<OpenIncident> open = all.stream().filter(IncidentRecord::open)
                            .map(r -> open(r, missed.getOrDefault(r.incidentId(), 0), now))
                            .sorted(Comparator.comparing((OpenIncident o) -> o.severity() == null ? "SEV9" : o.severity())
                                    .thenComparing(OpenIncident::detectedAt))
                            .toList();
                    Map<String, Long> bySeverity = new java.util.TreeMap<>();
                    open.forEach(o -> bySeverity.merge(o.severity() == null ? "untriaged" : o.severity(), 1L, Long::sum));
                    return new Board(result, open, bySeverity, now);
                })));
    }

    /** The SEV1 or SEV2 limit in minutes; null (no target) for SEV3, SEV4 and untriaged incidents. */
    static Long target(Severity severity, long sev1, long sev2) {
        return severity == Severity.SEV1 ? Long.valueOf(sev1) : severity == Severity.SEV2 ? Long.valueOf(sev2) : null;
    }

    static OpenIncident open(IncidentRecord r, int missedUpdates, Instant now) {
        long minutes = Duration.between(r.detectedAt(), now).toMinutes();
        List<String> overdue = new ArrayList<>();
        if (r.triagedAt() == null && minutes > 30) {
            overdue.add("triage");
        }
        Long containWithin = target(r.severity(), 60, 240);
        if (r.containedAt() == null && containWithin != null && minutes > containWithin) {
            overdue.add("containment");
        }
        if (missedUpdates > 0) {
            overdue.add(missedUpdates + " status update" + (missedUpdates == 1 ? "" : "s"));
        }
        return new OpenIncident(r.incidentId(), r.title(), r.severity() == null ? null : r.severity().name(),
                r.status().name(), r.systemId(), r.detectedAt(), minutes, overdue);
    }
}
