package dev.aiim.incident.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.Nullable;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.platform.persistence.SqlRows;
import dev.aiim.platform.problem.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * Append and load incident streams through the client it is given (the command's transaction). {@link #append}
 * is one statement: the compare-and-set on {@code incident_stream.version} and the event inserts succeed or fail
 * together, so a lost race inserts nothing and answers 409.
 */
@ApplicationScoped
public class IncidentEventStore {

    public static final String STREAM_TYPE = "incident";
    /** Bump when {@link Incident}'s shape changes: older snapshots are then ignored and the stream replayed. */
    public static final int SNAPSHOT_SCHEMA = 3;

    /** How many incidents' latest state one instance keeps in memory (the busiest are the recently used). */
    static final int KEPT_INCIDENTS = 256;

    private final IncidentConfig config;
    private final Clock clock;
    private final Map<String, LoadedIncident> recent = Collections.synchronizedMap(
            new LinkedHashMap<>(KEPT_INCIDENTS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LoadedIncident> eldest) {
                    return size() > KEPT_INCIDENTS;
                }
            });

    public IncidentEventStore(IncidentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * The incident at its head, or at {@code upToVersion}; empty when the stream does not exist (or is shorter).
     * At the head, an incident this instance wrote or read lately is taken from memory when the stream's row still
     * has its version and head hash (one small query, where a busy incident's snapshot is large JSON to parse).
     * The hash names the chain's last event, so another instance's append at the same version is never mistaken
     * for ours, and a rolled-back append leaves the row behind what was kept.
     */
    public Uni<Optional<LoadedIncident>> load(SqlClient client, String incidentId, @Nullable Long upToVersion) {
        if (upToVersion != null) {
            return read(client, incidentId, upToVersion);
        }
        LoadedIncident kept = recent.get(incidentId);
        if (kept == null) {
            return read(client, incidentId, null).invoke(found -> found.ifPresent(this::remember));
        }
        return client.preparedQuery("select version, head_hash from incident_stream where stream_id = $1")
                .execute(Tuple.of(incidentId))
                .chain(rows -> SqlRows.first(rows, row -> row.getLong("version") == kept.state().version()
                                && Objects.equals(row.getString("head_hash"), kept.headHash())).orElse(false)
                        ? Uni.createFrom().item(Optional.of(kept))
                        : read(client, incidentId, null).invoke(found -> found.ifPresent(this::remember)));
    }

    /** Keeps {@code loaded} (an incident at its head, as read or as just appended) for the next load. */
    public void remember(LoadedIncident loaded) {
        recent.put(loaded.state().id(), loaded);
    }

    private Uni<Optional<LoadedIncident>> read(SqlClient client, String incidentId, @Nullable Long upToVersion) {
        long upTo = upToVersion == null ? Long.MAX_VALUE : upToVersion;
        return latestSnapshot(client, incidentId, upTo).chain(snapshot -> client.preparedQuery(
                        "select version, event_type, payload::text, hash from incident_event"
                                + " where stream_id = $1 and version > $2 and version <= $3 order by version")
                .execute(Tuple.of(incidentId, snapshot == null ? 0L : snapshot.state().version(), upTo))
                .map(rows -> replay(incidentId, snapshot, SqlRows.list(rows, IncidentEventStore::loadedEvent),
                        upToVersion)));
    }

    /** One stored event as loading needs it: what happened, and the hash that ends the chain there. */
    private record LoadedEvent(IncidentEvent event, String hash) {
    }

    private static LoadedEvent loadedEvent(Row row) {
        return new LoadedEvent(IncidentEventCodec.read(row.getString("event_type"), row.getString("payload")),
                row.getString("hash"));
    }

    private Uni<LoadedIncident> latestSnapshot(SqlClient client, String incidentId, long upTo) {
        return client.preparedQuery("select state::text, head_hash from incident_snapshot where stream_id = $1"
                        + " and version <= $2 and snapshot_schema = $3 order by version desc limit 1")
                .execute(Tuple.of(incidentId, upTo, SNAPSHOT_SCHEMA))
                .map(rows -> SqlRows.first(rows, row -> new LoadedIncident(
                        IncidentEventCodec.read(row.getString("state"), Incident.class), row.getString("head_hash")))
                        .orElse(null));
    }

    private static Optional<LoadedIncident> replay(String incidentId, @Nullable LoadedIncident snapshot,
                                                   List<LoadedEvent> events, @Nullable Long upToVersion) {
        Incident state = snapshot == null ? null : snapshot.state();
        String head = snapshot == null ? null : snapshot.headHash();
        for (LoadedEvent loaded : events) {
            state = IncidentDecider.evolve(state, incidentId, loaded.event());
            head = loaded.hash();
        }
        if (state == null || (upToVersion != null && state.version() != upToVersion)) {
            return Optional.empty();
        }
        return Optional.of(new LoadedIncident(state, head));
    }

    /**
     * Appends {@code events} to a stream that is at {@code expected} (with head hash {@code expectedHead});
     * {@code expected == 0} creates the stream. Fails with 409 when another writer got there first.
     */
    public Uni<List<StoredEvent>> append(SqlClient client, String streamId, long expected, @Nullable String expectedHead,
                                         List<IncidentEvent> events, EventMetadata metadata) {
        return append(client, streamId, expected, expectedHead, events, Collections.nCopies(events.size(), metadata));
    }

    /**
     * The same, each event with its own metadata (signals attached in one batch each name the detection and the
     * message that caused them).
     */
    public Uni<List<StoredEvent>> append(SqlClient client, String streamId, long expected,
                                         @Nullable String expectedHead, List<IncidentEvent> events,
                                         List<EventMetadata> metadata) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Stored at microsecond precision (timestamptz), so the hash covers exactly what is read back.
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<StoredEvent> stored = new ArrayList<>(events.size());
        String prev = expectedHead;
        long version = expected;
        for (int i = 0; i < events.size(); i++) {
            IncidentEvent event = events.get(i);
            JsonNode metadataJson = IncidentEventCodec.tree(metadata.get(i));
            version++;
            MessageType type = IncidentEventCodec.typeOf(event);
            JsonNode payload = IncidentEventCodec.payload(event);
            String eventId = UUID.randomUUID().toString();
            String hash = HashChain.hash(prev, HashChain.document(streamId, version, eventId, type.name(),
                    type.version(), recordedAt.toString(), payload, metadataJson));
            stored.add(new StoredEvent(0, streamId, version, eventId, type.name(), type.version(), payload,
                    metadataJson, recordedAt, prev, hash));
            prev = hash;
        }
        List<Object> parameters = new ArrayList<>(Arrays.asList(streamId, version, prev, utc(recordedAt),
                expected > 0 ? (Object) expected : STREAM_TYPE));
        for (StoredEvent e : stored) {
            parameters.addAll(Arrays.asList(e.version(), UUID.fromString(e.eventId()), e.type(), e.schemaVersion(),
                    IncidentEventCodec.json(e.payload()), IncidentEventCodec.json(e.metadata()), e.prevHash(),
                    e.hash()));
        }
        return client.preparedQuery(appendStatement(expected, events.size())).execute(Tuple.from(parameters))
                .map(inserted -> {
                    if (inserted.rowCount() != stored.size()) {
                        throw new ConflictException(expected == 0
                                ? "Incident " + streamId + " already exists"
                                : "Incident " + streamId + " was changed by someone else while this command ran (it is"
                                        + " no longer at version " + expected + "); read it again and retry");
                    }
                    return List.copyOf(stored);
                });
    }

    /**
     * One statement: the compare-and-set as a CTE, the inserts only joined to its row. Parameters: $1 stream,
     * $2 new version, $3 head hash, $4 time, $5 the expected version (or the stream type for a new stream), then
     * eight for each event.
     */
    private static String appendStatement(long expected, int count) {
        StringBuilder sql = new StringBuilder("with cas as (");
        if (expected == 0) {
            sql.append("insert into incident_stream (stream_id, stream_type, version, head_hash, created_at, updated_at)"
                    + " values ($1, $5, $2, $3, $4, $4) on conflict do nothing returning stream_id");
        } else {
            sql.append("update incident_stream set version = $2, head_hash = $3, updated_at = $4"
                    + " where stream_id = $1 and version = $5 returning stream_id");
        }
        sql.append(") insert into incident_event (stream_id, version, event_id, event_type, schema_version, payload,"
                + " metadata, recorded_at, prev_hash, hash) select cas.stream_id, v.version, v.event_id, v.event_type,"
                + " v.schema_version, v.payload, v.metadata, $4, v.prev_hash, v.hash from cas cross join (values ");
        for (int i = 0; i < count; i++) {
            int p = 6 + 8 * i;
            if (i > 0) {
                sql.append(", ");
            }
            sql.append("($").append(p).append("::bigint, $").append(p + 1).append("::uuid, $").append(p + 2)
                    .append("::text, $").append(p + 3).append("::integer, $").append(p + 4).append("::text::jsonb, $")
                    .append(p + 5).append("::text::jsonb, $").append(p + 6).append("::text, $").append(p + 7)
                    .append("::text)");
        }
        sql.append(") as v (version, event_id, event_type, schema_version, payload, metadata, prev_hash, hash)");
        return sql.toString();
    }

    /** Stores the state as a snapshot when this append crossed a multiple of the snapshot interval. */
    public Uni<Void> snapshotIfDue(SqlClient client, long versionBefore, Incident state, String headHash) {
        int every = config.snapshotEvery();
        if (every <= 0 || versionBefore / every == state.version() / every) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("insert into incident_snapshot (stream_id, version, snapshot_schema, head_hash,"
                        + " state, taken_at) values ($1, $2, $3, $4, $5::text::json, $6) on conflict do nothing")
                .execute(Tuple.from(Arrays.asList(state.id(), state.version(), SNAPSHOT_SCHEMA, headHash,
                        IncidentEventCodec.json(state), OffsetDateTime.now(clock))))
                .replaceWithVoid();
    }

    /** Every stored event of a stream, in version order, as stored. */
    public Uni<List<StoredEvent>> events(SqlClient client, String streamId) {
        return events(client, streamId, 0, Long.MAX_VALUE);
    }

    /**
     * The stored events after version {@code after} up to {@code upTo}, in version order: bounded by the stream
     * version a reader has just read, so an append landing in between is not taken for a broken chain.
     */
    public Uni<List<StoredEvent>> events(SqlClient client, String streamId, long after, long upTo) {
        return client.preparedQuery("select position, stream_id, version, event_id::text, event_type, schema_version,"
                        + " payload::text, metadata::text, recorded_at, prev_hash, hash from incident_event"
                        + " where stream_id = $1 and version > $2 and version <= $3 order by version")
                .execute(Tuple.of(streamId, after, upTo))
                .map(rows -> SqlRows.list(rows, IncidentEventStore::storedEvent));
    }

    /** A stored event row (the relay reads the same columns). */
    public static StoredEvent storedEvent(Row row) {
        return new StoredEvent(row.getLong("position"), row.getString("stream_id"), row.getLong("version"),
                row.getString("event_id"), row.getString("event_type"), row.getInteger("schema_version"),
                IncidentEventCodec.parse(row.getString("payload")), IncidentEventCodec.parse(row.getString("metadata")),
                SqlRows.instant(row, "recorded_at"), row.getString("prev_hash"), row.getString("hash"));
    }

    /** The stream's version per the aggregate row, or empty when it does not exist. */
    public Uni<Optional<Long>> streamVersion(SqlClient client, String streamId) {
        return client.preparedQuery("select version from incident_stream where stream_id = $1")
                .execute(Tuple.of(streamId))
                .map(rows -> SqlRows.first(rows, row -> row.getLong("version")));
    }

    /** Recomputes the chain from storage: versions contiguous from 1, each link and each hash as stored. */
    public static IntegrityReport verify(long streamVersion, List<StoredEvent> events) {
        return ChainCheck.EMPTY.next(events).report(streamVersion);
    }
}
