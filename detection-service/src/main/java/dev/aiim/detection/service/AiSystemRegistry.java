package dev.aiim.detection.service;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.detection.repository.AiSystemRepository;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.ETags;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The registry of AI systems. A change queues its message for the compacted topic in the change's own transaction
 * (the outbox), so every consumer's copy follows the registry, also when the broker was away at the time.
 */
@ApplicationScoped
public class AiSystemRegistry {

    private static final Logger LOG = Logger.getLogger(AiSystemRegistry.class);

    private final AiSystemRepository systems;
    private final IntakeDirectory directory;
    private final Clock clock;

    public AiSystemRegistry(AiSystemRepository systems, IntakeDirectory directory, Clock clock) {
        this.systems = systems;
        this.directory = directory;
        this.clock = clock;
    }

    /** Registers a system; answers once committed and intake knows it (a signal may name it at once). */
    public Uni<AiSystem> register(AiSystem system, String by) {
        return Panache.withTransaction(() -> registerInTransaction(system, by)).call(directory::reload);
    }

    private Uni<AiSystem> registerInTransaction(AiSystem system, String by) {
        Instant now = clock.instant();
        return systems.insert(system, by, now).chain(inserted -> {
            if (!inserted) {
                throw new ConflictException("AI system '" + system.id()
                        + "' is already registered; change it with PUT");
            }
            return systems.queue(DetectionOutbox.systemChanged(system, true, by, now));
        }).invoke(() -> LOG.infof("AI system %s registered by %s", system.id(), by)).replaceWith(system);
    }

    /** Replaces the system's description; {@code ifMatch} (its ETag) must be current if given. */
    @WithTransaction
    public Uni<AiSystem> update(String systemId, String ifMatch, LongFunction<AiSystem> newVersion, String by) {
        Instant now = clock.instant();
        return systems.lock(systemId).map(found -> found.orElseThrow(
                () -> new ResourceNotFoundException("AI system", systemId))).chain(current -> {
            ETags.checkIfMatch(ifMatch, current.version());
            AiSystem next = newVersion.apply(current.version() + 1);
            return systems.replace(next, current.version(), by, now).chain(replaced -> {
                if (!replaced) {
                    throw new ConflictException("AI system '" + systemId + "' was changed meanwhile; read it again");
                }
                return systems.queue(DetectionOutbox.systemChanged(next, false, by, now));
            }).replaceWith(next);
        }).invoke(system -> LOG.infof("AI system %s updated to version %d by %s", systemId, system.version(), by));
    }

    @WithSession
    public Uni<AiSystem> find(String systemId) {
        return systems.find(systemId).map(found -> found.orElseThrow(
                () -> new ResourceNotFoundException("AI system", systemId)));
    }

    @WithSession
    public Uni<List<AiSystem>> list() {
        return systems.list();
    }
}
