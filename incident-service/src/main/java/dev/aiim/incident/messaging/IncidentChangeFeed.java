package dev.aiim.incident.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Committed incident changes as they happen, from PostgreSQL's notifications on {@code aiim_incident_changed}
 * (a trigger on the stream table sends "{@code <id> <version>}"): every replica hears every change, whichever
 * replica made it, so an open console page updates without polling. The listening connection reconnects on its
 * own; a change made while it was away is not replayed, and the next change or a reload shows the page current.
 */
@ApplicationScoped
public class IncidentChangeFeed {

    /** An incident reached {@code version}. */
    public record IncidentChanged(String incidentId, long version) {
    }

    static final String CHANNEL = "aiim_incident_changed";
    private static final Logger LOG = Logger.getLogger(IncidentChangeFeed.class);

    private final BroadcastProcessor<IncidentChanged> changes = BroadcastProcessor.create();
    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private PgSubscriber subscriber;

    public IncidentChangeFeed(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                              @ConfigProperty(name = "quarkus.datasource.username") String user,
                              @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent started) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
        subscriber.channel(CHANNEL).handler(this::announce);
        // the policy reconnects a connection that was up; the first connection is retried here
        subscriber.connect()
                .onFailure().invoke(failure -> LOG.warnf("Not listening for incident changes yet (%s); retrying",
                        failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(ok -> LOG.debug("Listening for incident changes"), failure -> { });
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** Every change from now on; a subscriber that falls behind misses changes rather than holding others up. */
    public Multi<IncidentChanged> changes() {
        return changes.onOverflow().drop();
    }

    private void announce(String payload) {
        int space = payload.lastIndexOf(' ');
        try {
            long version = Long.parseLong(payload.substring(space + 1));
            changes.onNext(new IncidentChanged(payload.substring(0, space), version));
        } catch (RuntimeException e) {
            LOG.debugf("Ignored a notice that is not an incident change: %s", payload);
        }
    }
}
