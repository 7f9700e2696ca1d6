package dev.aiim.incident.service;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.people.DirectoryPerson;
import dev.aiim.incident.domain.CommandContext;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.IncidentCommand.DeclareIncident;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.domain.NamedPeople;
import dev.aiim.incident.eventstore.EventMetadata;
import dev.aiim.incident.eventstore.IncidentEventStore;
import dev.aiim.incident.eventstore.LoadedIncident;
import dev.aiim.incident.projection.IncidentViewProjection;
import dev.aiim.incident.repository.PersonDirectoryRepository;
import dev.aiim.incident.repository.RecurringIncidentRepository;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.ETags;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one way an incident changes: load, decide, append, project, in one transaction. A refusal or a
 * lost race leaves nothing behind.
 */
@ApplicationScoped
public class IncidentCommandService {

    private static final Logger LOG = Logger.getLogger(IncidentCommandService.class);

    /** Enough for fifty writers on one incident at once; each retry reads the incident again. */
    private static final int LOST_RACE_RETRIES = 50;
    private static final Duration LOST_RACE_FIRST_BACKOFF = Duration.ofMillis(2);
    private static final Duration LOST_RACE_MAX_BACKOFF = Duration.ofMillis(50);

    private final IncidentEventStore store;
    private final IncidentViewProjection views;
    private final PersonDirectoryRepository directory;
    private final AiSystemReplica systems;
    private final Clock clock;
    private final Pool pool;
    private final RecurringIncidentRepository recurring;

    public IncidentCommandService(IncidentEventStore store, IncidentViewProjection views,
                                  PersonDirectoryRepository directory, AiSystemReplica systems, Clock clock,
                                  Pool pool, RecurringIncidentRepository recurring) {
        this.recurring = recurring;
        this.store = store;
        this.views = views;
        this.directory = directory;
        this.systems = systems;
        this.clock = clock;
        this.pool = pool;
    }

    /** Opens a new incident in DETECTED, in a transaction of its own. */
    public Uni<Incident> declare(DeclareIncident command, Actor actor, String correlationId,
                                 @Nullable String causationId) {
        return pool.withTransaction(connection -> declare(connection, command, actor, correlationId, causationId));
    }

    /** Opens a new incident in DETECTED, in the caller's transaction (a consumer's, with its idempotency record). */
    public Uni<Incident> declare(SqlConnection connection, DeclareIncident command, Actor actor, String correlationId,
                                 @Nullable String causationId) {
        String incidentId = UUID.randomUUID().toString();
        return registry(connection, command.systemId())
                .map(registry -> decide(null, command, actor, registry))
                .chain(events -> commit(connection, incidentId, null, null, events,
                        EventMetadata.of(actor, correlationId, causationId)));
    }

    /**
     * Runs a command against an existing incident in a transaction of its own; {@code ifMatch} (the client's ETag)
     * must be current if given. Without one, the client asked for no particular version: a race lost to another
     * writer is run again on the incident as it now is (decided afresh, so a transition the winner made illegal is
     * still refused), rather than answered 409 for a conflict the client never claimed (fault suite: 47 of 50
     * concurrent timeline entries were refused).
     */
    public Uni<Incident> execute(String incidentId, @Nullable String ifMatch, IncidentCommand command, Actor actor,
                                 String correlationId) {
        Uni<Incident> once = pool.withTransaction(connection -> execute(connection, incidentId, ifMatch, command, actor,
                correlationId, null));
        return ifMatch != null ? once : once.onFailure(ConflictException.class).retry()
                .withBackOff(LOST_RACE_FIRST_BACKOFF, LOST_RACE_MAX_BACKOFF).withJitter(0.5).atMost(LOST_RACE_RETRIES);
    }

    /** The same in the caller's transaction, caused by a message ({@code causationId}). */
    public Uni<Incident> execute(SqlConnection connection, String incidentId, @Nullable String ifMatch,
                                 IncidentCommand command, Actor actor, String correlationId,
                                 @Nullable String causationId) {
        return store.load(connection, incidentId, null)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Incident", incidentId)))
                .chain(loaded -> vouched(connection, command).chain(v -> withRecurrence(connection, loaded.state(), v))
                        .chain(vouched -> registry(connection,
                        changesTheModel(command) ? loaded.state().systemId() : null).chain(registry -> {
                    ETags.checkIfMatch(ifMatch, loaded.state().version());
                    List<IncidentEvent> events = decide(loaded.state(), vouched, actor, registry);
                    return commit(connection, incidentId, loaded.state(), loaded.headHash(), events,
                            EventMetadata.of(actor, correlationId, causationId));
                })))
                .invoke(state -> LOG.infof("Incident %s: %s by %s -> version %d (%s)", incidentId,
                        command.getClass().getSimpleName(), actor.id(), state.version(), state.status()));
    }

    /** One command of a batch run against one incident: who gives it, and the detection and message it came with. */
    public record Step(IncidentCommand command, Actor actor, String correlationId, @Nullable String causationId) {
    }

    /**
     * Runs several commands against one incident in the caller's transaction: the incident is loaded once, each
     * command decided on the state the ones before it left, all their events appended in one compare-and-set (each
     * with its own metadata), the view and the snapshot written once. So an alert storm's signals join their
     * incident a poll at a time rather than one load and one append each. For commands that name no people and
     * change no model (signals, timeline entries); a refusal or a lost race fails the whole call.
     */
    public Uni<Incident> executeAll(SqlConnection connection, String incidentId, List<Step> steps) {
        for (Step step : steps) {
            if (!NamedPeople.ids(step.command()).isEmpty() || changesTheModel(step.command())) {
                throw new IllegalArgumentException(step.command().getClass().getSimpleName()
                        + " needs the directory or the registry: run it with execute");
            }
        }
        return store.load(connection, incidentId, null)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Incident", incidentId)))
                .chain(loaded -> {
                    Incident state = loaded.state();
                    List<IncidentEvent> events = new ArrayList<>();
                    List<EventMetadata> metadata = new ArrayList<>();
                    for (Step step : steps) {
                        List<IncidentEvent> decided = decide(state, step.command(), step.actor(), null);
                        state = IncidentDecider.fold(state, incidentId, decided);
                        EventMetadata stepMetadata = EventMetadata.of(step.actor(), step.correlationId(),
                                step.causationId());
                        if (decided.size() == 1 && decided.get(0) instanceof IncidentEvent.SignalsCounted later
                                && !events.isEmpty() && events.get(events.size() - 1)
                                instanceof IncidentEvent.SignalsCounted earlier) {
                            // counted signals of one append are one event: a storm's poll costs one, not one each
                            events.set(events.size() - 1, earlier.plus(later));
                            metadata.set(metadata.size() - 1, stepMetadata);
                            continue;
                        }
                        events.addAll(decided);
                        metadata.addAll(Collections.nCopies(decided.size(), stepMetadata));
                    }
                    return events.isEmpty() ? Uni.createFrom().item(state)
                            : commit(connection, incidentId, loaded.state(), loaded.headHash(), events, metadata);
                })
                .invoke(state -> LOG.infof("Incident %s: %d commands in one append -> version %d (%s)", incidentId,
                        steps.size(), state.version(), state.status()));
    }

    /**
     * The command with each person it names as the directory knows them: a senior leader only if the directory
     * says so (an unknown person never is), whatever the request claimed.
     */
    private Uni<IncidentCommand> vouched(SqlConnection connection, IncidentCommand command) {
        Set<String> ids = NamedPeople.ids(command);
        if (ids.isEmpty()) {
            return Uni.createFrom().item(command);
        }
        return directory.find(connection, ids).map(known -> NamedPeople.vouched(command, named -> {
            DirectoryPerson entry = known.get(named.id());
            return new Person(named.id(), named.name(), named.email(), entry != null && entry.seniorLeader());
        }));
    }

    private List<IncidentEvent> decide(@Nullable Incident state, IncidentCommand command, Actor actor,
                                       @Nullable RegistryFacts registry) {
        return IncidentDecider.decide(state, command,
                new CommandContext(actor, clock.instant(), () -> UUID.randomUUID().toString(), registry));
    }

    /**
     * A containment action naming a model version changes the system, a ROLLBACK or DISABLE alters it: the registry's
     * facts are kept with it.
     */
    private static boolean changesTheModel(IncidentCommand command) {
        return command instanceof IncidentCommand.RecordContainmentAction action
                && (action.targetModelVersion() != null || action.altersTheSystem());
    }

    /**
     * A NIS2 assessment with its facts given counts, as Implementing Regulation 2024/2690 Art. 4 asks, the incidents of
     * the last six months with the same apparent root cause (once the incident has one).
     */
    private Uni<IncidentCommand> withRecurrence(SqlConnection connection, Incident state, IncidentCommand command) {
        if (!(command instanceof IncidentCommand.RecordRegulatoryAssessment assessment)
                || assessment.nis2Facts() == null || state.rootCause() == null) {
            return Uni.createFrom().item(command);
        }
        Instant since = clock.instant().atOffset(ZoneOffset.UTC).minusMonths(6).toInstant();
        return recurring.sameRootCause(connection, state.id(), state.rootCause().category(), since)
                .map(assessment::withRecurring);
    }

    /** What the AI-system registry (the service's replica) says of the system now; null when unnamed or unknown. */
    private Uni<RegistryFacts> registry(SqlConnection connection, @Nullable String systemId) {
        if (systemId == null) {
            return Uni.createFrom().nullItem();
        }
        return systems.find(connection, systemId).map(found -> found.map(RegistryFacts::of).orElse(null));
    }

    private Uni<Incident> commit(SqlConnection connection, String incidentId, @Nullable Incident before,
                                 @Nullable String head, List<IncidentEvent> events, EventMetadata metadata) {
        return commit(connection, incidentId, before, head, events, Collections.nCopies(events.size(), metadata));
    }

    private Uni<Incident> commit(SqlConnection connection, String incidentId, @Nullable Incident before,
                                 @Nullable String head, List<IncidentEvent> events, List<EventMetadata> metadata) {
        Incident after = IncidentDecider.fold(before, incidentId, events);
        long versionBefore = before == null ? 0 : before.version();
        return store.append(connection, incidentId, versionBefore, head, events, metadata)
                .chain(stored -> {
                    String newHead = stored.get(stored.size() - 1).hash();
                    return views.apply(connection, after)
                            .chain(() -> store.snapshotIfDue(connection, versionBefore, after, newHead))
                            .invoke(() -> store.remember(new LoadedIncident(after, newHead)));
                })
                .replaceWith(after);
    }
}
