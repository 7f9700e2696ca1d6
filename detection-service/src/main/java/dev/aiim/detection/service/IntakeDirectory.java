package dev.aiim.detection.service;

import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.repository.AiSystemRepository;
import dev.aiim.detection.repository.IntegrationRepository;
import dev.aiim.platform.persistence.DatabaseNotifications;
import dev.aiim.platform.security.SecretBox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What intake needs to know on every request, in memory: the integrations (by token hash and by id, with their
 * signing secrets opened once) and the ids of the registered AI systems. No request reads the database for it.
 *
 * <p>Kept current from the changes themselves: a trigger on {@code integration} and {@code ai_system} notifies
 * {@code aiim_intake_directory} as a change commits, and every instance reads the directory again (a revoked token
 * stops working within milliseconds of the revocation). The instance that made a change reads it again before it
 * answers, so its caller's next request already sees it; a poll every {@code aiim.detection.intake.directory-refresh}
 * (1 s) is the fallback should notifications be lost.
 */
@ApplicationScoped
public class IntakeDirectory {

    static final String CHANNEL = "aiim_intake_directory";
    private static final Logger LOG = Logger.getLogger(IntakeDirectory.class);

    /** An integration with its signing secret in the clear, for checking signatures. */
    public record Credentials(Integration integration, String signingSecret) {
    }

    private record Snapshot(Map<String, Credentials> byTokenHash, Map<String, Credentials> byId,
                            Map<IntegrationType, List<Credentials>> activeByType, Set<String> systems) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of(), Set.of());
    }

    private final IntegrationRepository integrations;
    private final AiSystemRepository systems;
    private final SecretBox secrets;
    private final Pool pool;
    private final DatabaseNotifications notifications;
    private final Vertx vertx;
    private final Duration refreshEvery;
    private volatile Snapshot current = Snapshot.EMPTY;
    /** The load running now, and whether another must follow it (a change committed while it ran). */
    private CompletableFuture<Void> running;
    private CompletableFuture<Void> next;
    private long timer = -1;

    public IntakeDirectory(IntegrationRepository integrations, AiSystemRepository systems, SecretBox secrets,
                           Pool pool, DatabaseNotifications notifications, Vertx vertx, DetectionConfig config) {
        this.integrations = integrations;
        this.systems = systems;
        this.secrets = secrets;
        this.pool = pool;
        this.notifications = notifications;
        this.vertx = vertx;
        this.refreshEvery = config.intake().directoryRefresh();
    }

    void start(@Observes StartupEvent event) throws Throwable {
        notifications.listen(CHANNEL, this::reloadInBackground);
        VertxContextSupport.subscribeAndAwait(this::reload);
        timer = vertx.setPeriodic(refreshEvery.toMillis(), id -> reloadInBackground());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The integration holding the token with this hash, whatever its state. */
    public Optional<Integration> byTokenHash(String tokenHash) {
        return Optional.ofNullable(current.byTokenHash().get(tokenHash)).map(Credentials::integration);
    }

    /** An integration by id, revoked ones too. */
    public Optional<Integration> byId(String id) {
        return Optional.ofNullable(current.byId().get(id)).map(Credentials::integration);
    }

    /** The active integrations of a type with their secrets: the candidates for a signed request. */
    public List<Credentials> active(IntegrationType type) {
        return current.activeByType().getOrDefault(type, List.of());
    }

    public boolean registered(String systemId) {
        return current.systems().contains(systemId);
    }

    /**
     * Reads the directory again; completes once a read that began after this call has finished (so a change that
     * committed before the call is in it).
     */
    public synchronized Uni<Void> reload() {
        if (running == null) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            running = mine;
            load(mine); // may finish at once, and clear running
            return Uni.createFrom().completionStage(mine);
        }
        if (next == null) {
            next = new CompletableFuture<>();
        }
        return Uni.createFrom().completionStage(next);
    }

    private void reloadInBackground() {
        reload().subscribe().with(ok -> { }, failure -> { });
    }

    private void load(CompletableFuture<Void> done) {
        integrations.all().chain(stored -> systems.ids(pool).map(ids -> snapshot(stored, ids)))
                .subscribe().with(snapshot -> {
                    current = snapshot;
                    finished(done, null);
                }, failure -> {
                    LOG.warnf("The intake directory could not be read; the last one stays in use: %s",
                            failure.getMessage());
                    finished(done, failure);
                });
    }

    private void finished(CompletableFuture<Void> done, Throwable failure) {
        CompletableFuture<Void> following;
        synchronized (this) {
            following = next;
            next = null;
            running = following;
        }
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
        if (following != null) {
            load(following);
        }
    }

    private Snapshot snapshot(List<IntegrationRepository.Stored> stored, Set<String> systemIds) {
        Map<String, Credentials> byToken = new HashMap<>();
        Map<String, Credentials> byId = new HashMap<>();
        Map<IntegrationType, List<Credentials>> active = new EnumMap<>(IntegrationType.class);
        for (IntegrationRepository.Stored s : stored) {
            Credentials credentials = new Credentials(s.integration(), openedSecret(s));
            byToken.put(s.tokenHash(), credentials);
            byId.put(s.integration().id(), credentials);
            if (s.integration().active()) {
                active.computeIfAbsent(s.integration().type(), t -> new ArrayList<>()).add(credentials);
            }
        }
        return new Snapshot(Map.copyOf(byToken), Map.copyOf(byId), Map.copyOf(active), Set.copyOf(systemIds));
    }

    /**
     * The secret in the clear, opened once per load (or kept from the last load while it is unchanged); null when it
     * cannot be opened (sealed under another key): that integration's signatures are refused, its token still works.
     */
    private String openedSecret(IntegrationRepository.Stored s) {
        if (!s.integration().active()) {
            return null;
        }
        Credentials before = current.byId().get(s.integration().id());
        if (before != null && before.signingSecret() != null && s.integration().equals(before.integration())) {
            return before.signingSecret();
        }
        try {
            return secrets.open(s.sealedSecret());
        } catch (RuntimeException sealedElsewhere) {
            LOG.warnf("The signing secret of integration %s cannot be opened with this service's key (%s): its"
                    + " signed requests are refused; rotate it", s.integration().id(), sealedElsewhere.getMessage());
            return null;
        }
    }
}
