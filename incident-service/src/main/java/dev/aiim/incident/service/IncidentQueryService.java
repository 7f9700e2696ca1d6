package dev.aiim.incident.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.people.DirectoryPerson;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.incident.eventstore.IncidentEventStore;
import dev.aiim.incident.eventstore.IntegrityReport;
import dev.aiim.incident.eventstore.StoredEvent;
import dev.aiim.incident.projection.IncidentPage;
import dev.aiim.incident.projection.IncidentQuery;
import dev.aiim.incident.projection.IncidentViewProjection;
import dev.aiim.incident.projection.TimelineItem;
import dev.aiim.incident.repository.DetectionSignalRepository;
import dev.aiim.incident.repository.PersonDirectoryRepository;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Reads: the projected view and list, past versions replayed from the store, the stored events and their chain. */
@ApplicationScoped
public class IncidentQueryService {

    private final IncidentEventStore store;
    private final IncidentViewProjection views;
    private final AiSystemReplica systems;
    private final PersonDirectoryRepository directory;
    private final IncidentRecordCache records;
    private final IntegrityCheckpoints checkpoints;
    private final DetectionSignalRepository signals;
    private final Pool pool;

    public IncidentQueryService(IncidentEventStore store, IncidentViewProjection views, AiSystemReplica systems,
                                PersonDirectoryRepository directory, IncidentRecordCache records,
                                IntegrityCheckpoints checkpoints, DetectionSignalRepository signals, Pool pool) {
        this.store = store;
        this.signals = signals;
        this.checkpoints = checkpoints;
        this.views = views;
        this.systems = systems;
        this.directory = directory;
        this.records = records;
        this.pool = pool;
    }

    public Uni<Incident> current(String incidentId) {
        return views.find(incidentId).map(found -> found.orElseThrow(() -> notFound(incidentId)));
    }

    /** The detections that opened or joined the incident, newest first (404 for an incident that does not exist). */
    public Uni<DetectionSignalRepository.SignalPage> signals(String incidentId, int page, int size) {
        return current(incidentId).chain(() -> signals.forIncident(pool, incidentId, page, size));
    }

    /** The incident as it was right after event {@code version}. */
    public Uni<Incident> atVersion(String incidentId, long version) {
        return store.load(pool, incidentId, version).map(found -> found
                .orElseThrow(() -> new ResourceNotFoundException("Incident version", incidentId + "@" + version))
                .state());
    }

    public Uni<IncidentPage> list(IncidentQuery query) {
        return views.list(query);
    }

    public Uni<List<StoredEvent>> events(String incidentId) {
        return store.events(pool, incidentId).map(events -> {
            if (events.isEmpty()) {
                throw notFound(incidentId);
            }
            return events;
        });
    }

    /** Every recorded step and the scribe's entries, in the order of the times they describe. */
    public Uni<List<TimelineItem>> timeline(String incidentId) {
        return events(incidentId).map(IncidentQueryService::timeline);
    }

    /** The console's record of an incident: state, timeline and chain, brought up to date from what it holds. */
    public Uni<IncidentRecordCache.IncidentRecord> record(String incidentId) {
        return records.record(incidentId);
    }

    /**
     * Recomputes the hash chain from what is stored now, and compares it with what the signed checkpoints recorded
     * (which catches a stream rewritten with every hash recomputed).
     */
    public Uni<IntegrityReport> integrity(String incidentId) {
        return stored(incidentId).chain(stored -> checkpoints.assess(incidentId, stored.events())
                .map(status -> stored.verify().withCheckpoint(status)));
    }

    /** A stream's version (from its row) and its stored events up to it. */
    private record Stored(long version, List<StoredEvent> events) {

        IntegrityReport verify() {
            return IncidentEventStore.verify(version, events);
        }
    }

    private Uni<Stored> stored(String incidentId) {
        return store.streamVersion(pool, incidentId)
                .map(version -> version.orElseThrow(() -> notFound(incidentId)))
                .chain(version -> store.events(pool, incidentId, 0, version)
                        .map(events -> new Stored(version, events)));
    }

    private static List<TimelineItem> timeline(List<StoredEvent> events) {
        return events.stream()
                .map(stored -> TimelineItem.of(stored, IncidentEventCodec.read(stored.type(), stored.payload())))
                .sorted(TimelineItem.ORDER)
                .toList();
    }

    /** The incident's AI system as the registry last published it, if the system is known. */
    public Uni<Optional<AiSystem>> system(@Nullable String systemId) {
        return systems.find(pool, systemId);
    }

    /** The people directory: who can be named for a role. */
    public Uni<List<DirectoryPerson>> people() {
        return directory.all(pool);
    }

    private static ResourceNotFoundException notFound(String incidentId) {
        return new ResourceNotFoundException("Incident", incidentId);
    }
}
