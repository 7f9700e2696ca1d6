package dev.aiim.incident.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.Nullable;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.platform.persistence.SqlValues;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.platform.problem.ConflictException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Append and load incident streams in the caller's transaction. {@link #append} is one statement: the
 * compare-and-set on {@code incident_stream.version} and the event inserts succeed or fail together, so
 * a lost race inserts nothing and answers 409.
 */
@ApplicationScoped
public class IncidentEventStore {

    public static final String STREAM_TYPE = "incident";
    /** Bump when {@link Incident}'s shape changes: older snapshots are then ignored and the stream replayed. */
    public static final int SNAPSHOT_SCHEMA = 2;

    private final IncidentConfig config;
    private final Clock clock;

    public IncidentEventStore(IncidentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The incident at its head, or at {@code upToVersion}; empty when the stream does not exist (or is shorter). */
    public Uni<Optional<LoadedIncident>> load(String incidentId, @Nullable Long upToVersion) {
        long upTo = upToVersion == null ? Long.MAX_VALUE : upToVersion;
        return Panache.getSession().chain(session -> latestSnapshot(session, incidentId, upTo)
                .chain(snapshot -> session.createNativeQuery(
                                "select version, event_type, payload::text, hash from incident_event"
                                        + " where stream_id = :id and version > :from and version <= :upTo order by version",
                                Object[].class)
                        .setParameter("id", incidentId)
                        .setParameter("from", snapshot == null ? 0L : snapshot.state().version())
                        .setParameter("upTo", upTo)
                        .getResultList()
                        .map(rows -> replay(incidentId, snapshot, rows, upToVersion))));
    }

    private Uni<LoadedIncident> latestSnapshot(Mutiny.Session session, String incidentId, long upTo) {
        return session.createNativeQuery(
                        "select state::text, head_hash from incident_snapshot where stream_id = :id and version <= :upTo"
                                + " and snapshot_schema = :schema order by version desc limit 1", Object[].class)
                .setParameter("id", incidentId)
                .setParameter("upTo", upTo)
                .setParameter("schema", SNAPSHOT_SCHEMA)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : new LoadedIncident(
                        IncidentEventCodec.read((String) rows.get(0)[0], Incident.class),
                        (String) rows.get(0)[1]));
    }

    private static Optional<LoadedIncident> replay(String incidentId, @Nullable LoadedIncident snapshot,
                                                   List<Object[]> rows, @Nullable Long upToVersion) {
        Incident state = snapshot == null ? null : snapshot.state();
        String head = snapshot == null ? null : snapshot.headHash();
        for (Object[] row : rows) {
            IncidentEvent event = IncidentEventCodec.read((String) row[1], (String) row[2]);
            state = IncidentDecider.evolve(state, incidentId, event);
            head = (String) row[3];
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
    public Uni<List<StoredEvent>> append(String streamId, long expected, @Nullable String expectedHead,
                                         List<IncidentEvent> events, EventMetadata metadata) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Stored at microsecond precision (timestamptz), so the hash covers exactly what is read back.
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        JsonNode metadataJson = IncidentEventCodec.tree(metadata);
        List<StoredEvent> stored = new ArrayList<>(events.size());
        String prev = expectedHead;
        long version = expected;
        for (IncidentEvent event : events) {
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
        String sql = appendStatement(expected, events.size());
        String head = prev;
        long newVersion = version;
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql)
                    .setParameter("id", streamId)
                    .setParameter("newVersion", newVersion)
                    .setParameter("head", head)
                    .setParameter("at", recordedAt.atOffset(ZoneOffset.UTC))
                    .setParameter("metadata", IncidentEventCodec.json(metadataJson));
            if (expected > 0) {
                query.setParameter("expected", expected);
            } else {
                query.setParameter("type", STREAM_TYPE);
            }
            for (int i = 0; i < stored.size(); i++) {
                StoredEvent e = stored.get(i);
                query.setParameter("v" + i, e.version())
                        .setParameter("e" + i, e.eventId())
                        .setParameter("t" + i, e.type())
                        .setParameter("s" + i, e.schemaVersion())
                        .setParameter("p" + i, IncidentEventCodec.json(e.payload()))
                        .setParameter("ph" + i, e.prevHash())
                        .setParameter("h" + i, e.hash());
            }
            return query.executeUpdate();
        }).map(inserted -> {
            if (inserted != stored.size()) {
                throw new ConflictException(expected == 0
                        ? "Incident " + streamId + " already exists"
                        : "Incident " + streamId + " was changed by someone else while this command ran (it is no"
                                + " longer at version " + expected + "); read it again and retry");
            }
            return List.copyOf(stored);
        });
    }

    /** One statement: the compare-and-set as a CTE, the inserts only joined to its row. */
    private static String appendStatement(long expected, int count) {
        StringBuilder sql = new StringBuilder("with cas as (");
        if (expected == 0) {
            sql.append("insert into incident_stream (stream_id, stream_type, version, head_hash, created_at, updated_at)"
                    + " values (:id, :type, :newVersion, :head, :at, :at) on conflict do nothing returning stream_id");
        } else {
            sql.append("update incident_stream set version = :newVersion, head_hash = :head, updated_at = :at"
                    + " where stream_id = :id and version = :expected returning stream_id");
        }
        sql.append(") insert into incident_event (stream_id, version, event_id, event_type, schema_version, payload,"
                + " metadata, recorded_at, prev_hash, hash) select cas.stream_id, v.version, v.event_id, v.event_type,"
                + " v.schema_version, v.payload, cast(cast(:metadata as text) as jsonb), :at, v.prev_hash, v.hash"
                + " from cas cross join (values ");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append("(cast(:v").append(i).append(" as bigint), cast(:e").append(i).append(" as uuid), cast(:t")
                    .append(i).append(" as text), cast(:s").append(i).append(" as integer), cast(cast(:p").append(i)
                    .append(" as text) as jsonb), cast(:ph").append(i).append(" as text), cast(:h").append(i)
                    .append(" as text))");
        }
        sql.append(") as v (version, event_id, event_type, schema_version, payload, prev_hash, hash)");
        return sql.toString();
    }

    /** Stores the state as a snapshot when this append crossed a multiple of the snapshot interval. */
    public Uni<Void> snapshotIfDue(long versionBefore, Incident state, String headHash) {
        int every = config.snapshotEvery();
        if (every <= 0 || versionBefore / every == state.version() / every) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into incident_snapshot (stream_id, version, snapshot_schema, head_hash, state, taken_at)"
                                + " values (:id, :version, :schema, :head, cast(cast(:state as text) as json), :at)"
                                + " on conflict do nothing")
                .setParameter("id", state.id())
                .setParameter("version", state.version())
                .setParameter("schema", SNAPSHOT_SCHEMA)
                .setParameter("head", headHash)
                .setParameter("state", IncidentEventCodec.json(state))
                .setParameter("at", OffsetDateTime.now(clock))
                .executeUpdate()).replaceWithVoid();
    }

    /** Every stored event of a stream, in version order, as stored. */
    public Uni<List<StoredEvent>> events(String streamId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select position, version, event_id::text, event_type, schema_version, payload::text,"
                                + " metadata::text, recorded_at, prev_hash, hash from incident_event"
                                + " where stream_id = :id order by version", Object[].class)
                .setParameter("id", streamId)
                .getResultList()
                .map(rows -> rows.stream().map(row -> new StoredEvent(
                        ((Number) row[0]).longValue(), streamId, ((Number) row[1]).longValue(), (String) row[2],
                        (String) row[3], ((Number) row[4]).intValue(), IncidentEventCodec.parse((String) row[5]),
                        IncidentEventCodec.parse((String) row[6]), SqlValues.instant(row[7]), (String) row[8],
                        (String) row[9])).toList()));
    }

    /** The stream's version per the aggregate row, or empty when it does not exist. */
    public Uni<Optional<Long>> streamVersion(String streamId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select version from incident_stream where stream_id = :id", Long.class)
                .setParameter("id", streamId)
                .getResultList()
                .map(rows -> rows.stream().findFirst()));
    }

    /** Recomputes the chain from storage: versions contiguous from 1, each link and each hash as stored. */
    public static IntegrityReport verify(long streamVersion, List<StoredEvent> events) {
        String prev = null;
        long expectedVersion = 0;
        Long firstInvalid = null;
        for (StoredEvent e : events) {
            expectedVersion++;
            String recomputed = HashChain.hash(prev, HashChain.document(e.streamId(), e.version(), e.eventId(),
                    e.type(), e.schemaVersion(), e.recordedAt().toString(), e.payload(), e.metadata()));
            boolean linked = e.version() == expectedVersion && java.util.Objects.equals(e.prevHash(), prev);
            if (firstInvalid == null && (!linked || !recomputed.equals(e.hash()))) {
                firstInvalid = e.version();
            }
            prev = recomputed;
        }
        boolean complete = expectedVersion == streamVersion;
        if (firstInvalid == null && !complete) {
            firstInvalid = expectedVersion + 1;
        }
        String storedHead = events.isEmpty() ? null : events.get(events.size() - 1).hash();
        return new IntegrityReport(firstInvalid == null, events.size(), storedHead, prev, streamVersion, firstInvalid);
    }
}
