package dev.aiim.incident.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.eventstore.EventMetadata;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.incident.eventstore.IncidentEventStore;
import dev.aiim.incident.eventstore.StoredEvent;
import dev.aiim.platform.messaging.CloudEventMessages;
import dev.aiim.platform.messaging.PollingWorker;
import dev.aiim.platform.messaging.PublishedMarks;
import dev.aiim.platform.operations.OperationsMetrics;
import dev.aiim.platform.persistence.DatabaseNotifications;
import dev.aiim.platform.persistence.SqlRows;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes every committed incident event to {@code aiim.incident-events.v1}, from the event store (no
 * dual write), keyed by incident id, in order per incident, at least once.
 *
 * <p>Each poll is one transaction: it reads the events of transactions that have finished, in
 * {@code (tx_id, position)} order, past the checkpoint. "Finished" is the high-water mark
 * {@code tx_id < pg_snapshot_xmin(pg_current_snapshot())}: no transaction still running, and none that
 * starts later, can add an event below it, so an event committed late by a slow transaction is read
 * after the checkpoint, never skipped. The poll waits for Kafka's acknowledgements, then moves the
 * checkpoint; a failure rolls it back and the same events go again. An advisory lock lets one instance
 * poll at a time.
 *
 * <p>Transaction ids follow commit order only roughly, so before publishing, each incident's events in
 * the batch are preceded by any earlier version of that incident not yet published.
 */
@ApplicationScoped
public class IncidentEventRelay {

    public static final String CHANNEL = "incident-events";
    public static final String SUBSCRIPTION = "relay:aiim.incident-events.v1";
    static final String SOURCE = "/incident-service";
    /** Notified by a trigger on {@code incident_event} as an append commits. */
    static final String WAKE_CHANNEL = "aiim_incident_events";
    private static final Logger LOG = Logger.getLogger(IncidentEventRelay.class);
    private static final int STATE_CACHE = 10_000;

    private final MutinyEmitter<String> emitter;
    private final IncidentEventStore store;
    private final IncidentConfig config;
    private final Pool pool;
    private final OperationsMetrics operations;
    private final DatabaseNotifications notifications;
    /** The incident after the last event relayed, per stream: the header of the next event starts from it. */
    private final Map<String, Incident> states = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Incident> eldest) {
            return size() > STATE_CACHE;
        }
    };
    /** Highest version known to be published (after the poll that sent it committed), to skip repeats. */
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private PollingWorker worker;

    public IncidentEventRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
                              MutinyEmitter<String> emitter, IncidentEventStore store, IncidentConfig config,
                              Pool pool, OperationsMetrics operations, DatabaseNotifications notifications) {
        this.operations = operations;
        this.notifications = notifications;
        this.emitter = emitter;
        this.store = store;
        this.config = config;
        this.pool = pool;
    }

    void start(@Observes StartupEvent event) {
        // what waits for the relay is worth watching most when the relay is off
        operations.backlog("incident-events", this::backlog);
        if (!config.relay().enabled()) {
            LOG.info("Incident event relay disabled (aiim.incident.relay.enabled=false)");
            return;
        }
        worker = new PollingWorker("incident-event-relay", this::pollInTransaction, config.relay().batchSize(),
                config.relay().interval(), Duration.ofSeconds(1));
        worker.start();
        // woken as appends commit (a trigger notifies); the poll every relay interval is the fallback
        notifications.listen(WAKE_CHANNEL, worker::wake);
    }

    /** The stored events not yet past the relay's checkpoint: how many, and when the oldest was recorded. */
    Uni<OperationsMetrics.Backlog> backlog() {
        return pool.preparedQuery("select count(*) as pending, min(recorded_at) as oldest from incident_event"
                        + " where (tx_id, position) > ("
                        + "coalesce((select tx_id from subscription_checkpoint where subscription = $1), '0'::xid8),"
                        + " coalesce((select position from subscription_checkpoint where subscription = $1), 0))")
                .execute(Tuple.of(SUBSCRIPTION))
                .map(OperationsMetrics.Backlog::of);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Forgets what this instance remembers, as a restarted process would; the checkpoint stays. */
    void forgetMemory() {
        synchronized (states) {
            states.clear();
        }
        published.clear();
    }

    /** One poll, waited for; answers how many events it read (tests drive the relay with it). */
    public int relayOnce() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(this::pollInTransaction);
    }

    /** One poll in its own transaction; what it sent counts as published only once that transaction committed. */
    private Uni<Integer> pollInTransaction() {
        Map<String, Long> sent = new HashMap<>();
        return pool.withTransaction(connection -> poll(connection, sent))
                .invoke(() -> sent.forEach((stream, version) -> published.merge(stream, version, Math::max)));
    }

    private Uni<Integer> poll(SqlConnection connection, Map<String, Long> sent) {
        return connection.preparedQuery("select pg_try_advisory_xact_lock(hashtext($1)) as locked")
                .execute(Tuple.of(SUBSCRIPTION))
                .map(rows -> rows.iterator().next().getBoolean("locked"))
                .chain(locked -> locked ? checkpoint(connection).chain(checkpoint -> relayFrom(connection, checkpoint,
                        sent)) : Uni.createFrom().item(0));
    }

    /** Reads the next batch, publishes it in order, waits for the acknowledgements, moves the checkpoint. */
    private Uni<Integer> relayFrom(SqlConnection connection, Checkpoint checkpoint, Map<String, Long> sent) {
        return batch(connection, checkpoint).chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return inCommitOrder(connection, checkpoint, batch)
                    .chain(ordered -> publish(connection, ordered, sent))
                    .chain(() -> PublishedMarks.unflushed(connection))
                    .chain(() -> saveCheckpoint(connection, batch.get(batch.size() - 1)))
                    .replaceWith(batch.size());
        });
    }

    private record Checkpoint(String txId, long position) {
    }

    /** Where an event stands in the relay's order; the batch is read as these, the events themselves once. */
    private record Place(String txId, long position, String streamId, long version) {
    }

    private Uni<Checkpoint> checkpoint(SqlConnection connection) {
        return connection.preparedQuery("insert into subscription_checkpoint (subscription, position, tx_id, updated_at)"
                        + " values ($1, 0, '0', now()) on conflict do nothing").execute(Tuple.of(SUBSCRIPTION))
                .chain(() -> connection.preparedQuery("select tx_id::text, position from subscription_checkpoint"
                        + " where subscription = $1 for update").execute(Tuple.of(SUBSCRIPTION)))
                .map(rows -> SqlRows.first(rows, row -> new Checkpoint(row.getString("tx_id"), row.getLong("position")))
                        .orElseThrow());
    }

    private static final String COLUMNS = "select position, stream_id, version, event_id::text, event_type,"
            + " schema_version, payload::text, metadata::text, recorded_at, prev_hash, hash from incident_event";
    /** Past the checkpoint ($1 its transaction id, $2 its position), and only transactions no longer running. */
    private static final String AFTER_CHECKPOINT = "(tx_id, position) > ($1::text::xid8, $2)"
            + " and tx_id < pg_snapshot_xmin(pg_current_snapshot())";

    private Uni<List<Place>> batch(SqlConnection connection, Checkpoint checkpoint) {
        return connection.preparedQuery("select tx_id::text, position, stream_id, version from incident_event where "
                        + AFTER_CHECKPOINT + " order by tx_id, position limit $3")
                .execute(Tuple.of(checkpoint.txId(), checkpoint.position(), config.relay().batchSize()))
                .map(rows -> SqlRows.list(rows, row -> new Place(row.getString("tx_id"), row.getLong("position"),
                        row.getString("stream_id"), row.getLong("version"))));
    }

    /**
     * The batch, each incident's events preceded by its earlier unpublished versions (pulled forward
     * from later in the window when a later version's transaction has the smaller id), skipping versions
     * this instance already published.
     */
    private Uni<List<StoredEvent>> inCommitOrder(SqlConnection connection, Checkpoint checkpoint, List<Place> batch) {
        Map<String, Long> maxVersion = new LinkedHashMap<>();
        batch.forEach(r -> maxVersion.merge(r.streamId(), r.version(), Math::max));
        StringBuilder where = new StringBuilder();
        List<Object> parameters = new ArrayList<>(List.of(checkpoint.txId(), checkpoint.position()));
        for (Map.Entry<String, Long> entry : maxVersion.entrySet()) {
            parameters.add(entry.getKey());
            parameters.add(entry.getValue());
            where.append(where.length() == 0 ? "" : " or ").append("(stream_id = $").append(parameters.size() - 1)
                    .append(" and version <= $").append(parameters.size()).append(")");
        }
        return connection.preparedQuery(COLUMNS + " where " + AFTER_CHECKPOINT + " and (" + where
                        + ") order by stream_id, version")
                .execute(Tuple.from(parameters))
                .map(rows -> {
                    Map<String, List<StoredEvent>> unpublished = new HashMap<>();
                    SqlRows.list(rows, IncidentEventStore::storedEvent)
                            .forEach(e -> unpublished.computeIfAbsent(e.streamId(), s -> new ArrayList<>()).add(e));
                    List<StoredEvent> ordered = new ArrayList<>();
                    Map<String, Long> emitted = new HashMap<>();
                    for (Place r : batch) {
                        long done = Math.max(emitted.getOrDefault(r.streamId(), 0L),
                                published.getOrDefault(r.streamId(), 0L));
                        for (StoredEvent e : unpublished.getOrDefault(r.streamId(), List.of())) {
                            if (e.version() > done && e.version() <= r.version()) {
                                ordered.add(e);
                                done = e.version();
                            }
                        }
                        emitted.put(r.streamId(), done);
                    }
                    return ordered;
                });
    }

    private Uni<Void> publish(SqlConnection connection, List<StoredEvent> events, Map<String, Long> sent) {
        return withHeaders(connection, events, 0, new ArrayList<>()).chain(messages -> {
            // Sent in list order (the producer keeps it per partition); the poll waits for every acknowledgement.
            List<Uni<Void>> acks = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                acks.add(emitter.sendMessage(messages.get(i)));
                sent.merge(events.get(i).streamId(), events.get(i).version(), Math::max);
            }
            return acks.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(acks).andFailFast().replaceWithVoid();
        });
    }

    /** Builds the integration events one by one: each header needs the incident as it was after the event. */
    private Uni<List<Message<String>>> withHeaders(SqlConnection connection, List<StoredEvent> events, int index,
                                                   List<Message<String>> out) {
        if (index == events.size()) {
            return Uni.createFrom().item(out);
        }
        StoredEvent stored = events.get(index);
        IncidentEvent event = IncidentEventCodec.read(stored.type(), stored.payload());
        return stateBefore(connection, stored).chain(before -> {
            Incident after = IncidentDecider.evolve(before, stored.streamId(), event);
            synchronized (states) {
                states.put(stored.streamId(), after);
            }
            out.add(message(stored, after));
            return withHeaders(connection, events, index + 1, out);
        });
    }

    private Uni<Incident> stateBefore(SqlConnection connection, StoredEvent stored) {
        if (stored.version() == 1) {
            return Uni.createFrom().nullItem();
        }
        Incident cached;
        synchronized (states) {
            cached = states.get(stored.streamId());
        }
        if (cached != null && cached.version() == stored.version() - 1) {
            return Uni.createFrom().item(cached);
        }
        return store.load(connection, stored.streamId(), stored.version() - 1).map(found -> found
                .orElseThrow(() -> new IllegalStateException("Incident " + stored.streamId() + " has no version "
                        + (stored.version() - 1)))
                .state());
    }

    private static Message<String> message(StoredEvent stored, Incident after) {
        MessageType type = MessageTypes.byCeType(stored.type() + ".v" + stored.schemaVersion()).orElseThrow(
                () -> new IllegalStateException("No integration event type for " + stored.type()));
        EventMetadata metadata = IncidentEventCodec.convert(stored.metadata(), EventMetadata.class);
        IncidentEventHeader header = new IncidentEventHeader(stored.streamId(), stored.version(), stored.eventId(),
                stored.recordedAt(), metadata.actor(), stored.prevHash(), stored.hash(), after.status(),
                after.severity(), after.category(), after.systemId(), after.simulation());
        ObjectNode integration = stored.payload().deepCopy();
        integration.set("header", IncidentEventCodec.tree(header));
        // Read through the contract's record: only its fields go out, and an event that does not fit fails here.
        Object data = IncidentEventCodec.convert(integration, type.payloadType());
        return CloudEventMessages.outgoing(type, stored.eventId(), SOURCE, stored.streamId(), stored.streamId(),
                stored.recordedAt(), data);
    }

    private Uni<Void> saveCheckpoint(SqlConnection connection, Place last) {
        return connection.preparedQuery("update subscription_checkpoint set tx_id = $1::text::xid8, position = $2,"
                        + " updated_at = now() where subscription = $3")
                .execute(Tuple.of(last.txId(), last.position(), SUBSCRIPTION))
                .replaceWithVoid();
    }
}
