package dev.aiim.reporting.service;

import dev.aiim.contracts.Severity;
import dev.aiim.platform.messaging.PollingWorker;
import dev.aiim.reporting.config.ReportingConfig;
import dev.aiim.reporting.domain.IncidentMetrics;
import dev.aiim.reporting.domain.IncidentMetrics.Stats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The headline figures (all production incidents) as Prometheus gauges on {@code /q/metrics}, recomputed in
 * the background every {@code aiim.reporting.gauge-refresh} so that a scrape never queries the database:
 * {@code aiim_incident_duration_minutes{metric,stat,severity}}, {@code aiim_incident_target_share{target}},
 * {@code aiim_incidents{state}}, {@code aiim_review_completion_ratio}, {@code aiim_action_item_closure_ratio},
 * {@code aiim_action_items_overdue}, {@code aiim_status_updates_on_time_ratio}, {@code aiim_read_model_stale_incidents}.
 * A figure without data is NaN.
 */
@ApplicationScoped
public class MetricsGauges {

    private static final List<String> STATS = List.of("mean", "median", "p90");

    private final MetricsQueries metrics;
    private final MeterRegistry registry;
    private final Duration refresh;
    private final AtomicReference<MetricsQueries.Result> latest = new AtomicReference<>();
    private PollingWorker worker;

    public MetricsGauges(MetricsQueries metrics, MeterRegistry registry, ReportingConfig config) {
        this.metrics = metrics;
        this.registry = registry;
        this.refresh = config.gaugeRefresh();
    }

    void start(@Observes StartupEvent event) {
        register();
        worker = new PollingWorker("metrics-gauges", this::refresh, Integer.MAX_VALUE, refresh, refresh);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Recomputes the figures now (the worker does it every refresh period). */
    public Uni<Integer> refresh() {
        return metrics.summary(MetricsQueries.Query.ALL).invoke(latest::set).replaceWith(0);
    }

    private void register() {
        Map<String, Function<IncidentMetrics.Durations, Stats>> durations = Map.of(
                "mttd", IncidentMetrics.Durations::mttdMinutes,
                "time_to_triage", IncidentMetrics.Durations::timeToTriageMinutes,
                "mttc", IncidentMetrics.Durations::mttcMinutes,
                "mttr", IncidentMetrics.Durations::mttrMinutes);
        durations.forEach((metric, pick) -> {
            for (String stat : STATS) {
                gauge("aiim.incident.duration.minutes", "Incident durations in minutes (production incidents)",
                        s -> stat(pick.apply(new IncidentMetrics.Durations(s.mttdMinutes(), s.timeToTriageMinutes(),
                                s.mttcMinutes(), s.mttrMinutes())), stat), "metric", metric, "stat", stat, "severity", "ALL");
                for (Severity severity : Severity.values()) {
                    gauge("aiim.incident.duration.minutes", "Incident durations in minutes (production incidents)",
                            s -> s.bySeverity().containsKey(severity) ? stat(pick.apply(s.bySeverity().get(severity)), stat)
                                    : null, "metric", metric, "stat", stat, "severity", severity.name());
                }
            }
        });
        for (IncidentMetrics.Target target : IncidentMetrics.TARGETS) {
            gauge("aiim.incident.target.share", "Share of incidents meeting a playbook target",
                    s -> s.targets().get(target.key()).share(), "target", target.key());
        }
        gauge("aiim.incidents", "Production incidents", s -> (double) s.incidentCount(), "state", "all");
        gauge("aiim.incidents", "Production incidents", s -> (double) s.openIncidents(), "state", "open");
        gauge("aiim.review.completion.ratio", "Post-incident reviews published for resolved SEV1-SEV3 incidents",
                IncidentMetrics.Summary::reviewCompletion);
        gauge("aiim.action.item.closure.ratio", "Action items closed by their due date",
                IncidentMetrics.Summary::actionItemClosureRate);
        gauge("aiim.action.items.overdue", "Open action items past their due date",
                s -> (double) s.overdueActionItems().size());
        gauge("aiim.status.updates.on.time.ratio", "Status update slots filled on time",
                s -> s.statusUpdates().onTimeRate());
        Gauge.builder("aiim.read.model.stale.incidents", latest, r -> r.get() == null ? Double.NaN
                        : r.get().staleIncidents().size())
                .description("Incidents whose record waits for a missing event").register(registry);
    }

    private void gauge(String name, String description, Function<IncidentMetrics.Summary, Double> value,
                       String... tags) {
        Gauge.builder(name, latest, r -> {
                    Double v = r.get() == null ? null : value.apply(r.get().summary());
                    return v == null ? Double.NaN : v;
                })
                .description(description).tags(tags).register(registry);
    }

    private static Double stat(Stats stats, String stat) {
        return switch (stat) {
            case "mean" -> stats.mean();
            case "median" -> stats.median();
            default -> stats.p90();
        };
    }
}
