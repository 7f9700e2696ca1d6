package dev.aiim.incident.service;

import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.projection.IncidentViewProjection;
import dev.aiim.incident.projection.RebuildReport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Rebuilds the incident view from position 0: on demand (admin endpoint) or at start-up when configured. */
@ApplicationScoped
public class ProjectionRebuild {

    private final IncidentViewProjection views;
    private final IncidentConfig config;

    public ProjectionRebuild(IncidentViewProjection views, IncidentConfig config) {
        this.views = views;
        this.config = config;
    }

    @WithTransaction
    public Uni<RebuildReport> rebuild() {
        return views.rebuild();
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (config.projection().rebuildOnStart()) {
            // Self-invocation bypasses the interceptor, so the transaction is opened explicitly here.
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(views::rebuild));
        }
    }
}
