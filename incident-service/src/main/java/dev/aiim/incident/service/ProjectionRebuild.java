package dev.aiim.incident.service;

import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.projection.IncidentViewProjection;
import dev.aiim.incident.projection.RebuildReport;
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

    /** Runs in a transaction of its own (see {@link IncidentViewProjection#rebuild}). */
    public Uni<RebuildReport> rebuild() {
        return views.rebuild();
    }

    /** Rebuilds when asked to, and whenever the stored view was written by a release with another shape. */
    void onStart(@Observes StartupEvent event) throws Throwable {
        boolean current = VertxContextSupport.subscribeAndAwait(views::current);
        if (config.projection().rebuildOnStart() || !current) {
            VertxContextSupport.subscribeAndAwait(views::rebuild);
        }
    }
}
