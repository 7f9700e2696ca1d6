package dev.aiim.incident.eventstore;

import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The signed checkpoints of the event chains and the events each covers ({@code integrity_checkpoint},
 * {@code integrity_checkpoint_leaf}). The service's role may add them and mark them published, nothing more.
 */
@ApplicationScoped
public class CheckpointStore {

    /** The newest checkpoint: where the next one starts and what it names as its previous. */
    public record Last(long sequence, String checkpointId, String digest, Instant takenAt, String toTxId,
                       long toPosition) {
    }

    /** An event stored since the last checkpoint, in the relay's order. */
    public record Pending(String txId, long position, String streamId, long version, String hash, String type) {

        public ChainCheckpoint.Leaf leaf() {
            return new ChainCheckpoint.Leaf(streamId, version, hash);
        }
    }

    /** A stored checkpoint: its signed document as published, its digest, and its time-stamp token if it has one. */
    public record Stored(long sequence, String checkpointId, Instant takenAt, String document, String digest,
                         String timestamp) {
    }

    /** One event a checkpoint covered, with the checkpoint's sequence and the leaf's place in its tree. */
    public record Anchored(long sequence, int leafIndex, long version, String hash) {
    }

    public Uni<Optional<Last>> last(SqlClient client) {
        return client.query("select sequence, checkpoint_id, digest, taken_at, to_tx_id::text, to_position"
                        + " from integrity_checkpoint order by sequence desc limit 1").execute()
                .map(rows -> SqlRows.first(rows, row -> new Last(row.getLong("sequence"),
                        row.getString("checkpoint_id"), row.getString("digest"), SqlRows.instant(row, "taken_at"),
                        row.getString("to_tx_id"), row.getLong("to_position"))));
    }

    /**
     * Events after the last checkpoint's, in (transaction id, position) order, of transactions that have finished:
     * below {@code pg_snapshot_xmin}, so a slow transaction's events are covered later, never skipped (as the relay).
     */
    public Uni<List<Pending>> pending(SqlClient client, Optional<Last> last, int limit) {
        return client.preparedQuery("select tx_id::text, position, stream_id, version, hash, event_type"
                        + " from incident_event where (tx_id, position) > ($1::text::xid8, $2)"
                        + " and tx_id < pg_snapshot_xmin(pg_current_snapshot()) order by tx_id, position limit $3")
                .execute(Tuple.of(last.map(Last::toTxId).orElse("0"), last.map(Last::toPosition).orElse(0L), limit))
                .map(rows -> SqlRows.list(rows, row -> new Pending(row.getString("tx_id"), row.getLong("position"),
                        row.getString("stream_id"), row.getLong("version"), row.getString("hash"),
                        row.getString("event_type"))));
    }

    /** Stores a checkpoint and its leaves (in tree order) in the caller's transaction. */
    public Uni<Void> add(SqlClient client, long sequence, String checkpointId, Instant takenAt, Pending through,
                         String merkleRoot, String digest, String document, List<ChainCheckpoint.Leaf> sortedLeaves) {
        String[] streams = new String[sortedLeaves.size()];
        Long[] versions = new Long[sortedLeaves.size()];
        String[] hashes = new String[sortedLeaves.size()];
        for (int i = 0; i < sortedLeaves.size(); i++) {
            streams[i] = sortedLeaves.get(i).streamId();
            versions[i] = sortedLeaves.get(i).version();
            hashes[i] = sortedLeaves.get(i).hash();
        }
        return client.preparedQuery("insert into integrity_checkpoint (sequence, checkpoint_id, taken_at, to_tx_id,"
                        + " to_position, leaf_count, merkle_root, digest, document) values ($1, $2, $3,"
                        + " $4::text::xid8, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(List.of(sequence, checkpointId, SqlRows.utc(takenAt), through.txId(),
                        through.position(), sortedLeaves.size(), merkleRoot, digest, document)))
                .chain(() -> client.preparedQuery("insert into integrity_checkpoint_leaf (sequence, leaf_index,"
                                + " stream_id, version, hash) select $1, i - 1, s, v, h from unnest($2::text[],"
                                + " $3::bigint[], $4::text[]) with ordinality as leaf(s, v, h, i)")
                        .execute(Tuple.of(sequence, streams, versions, hashes)))
                .replaceWithVoid();
    }

    private static final String STORED = "select sequence, checkpoint_id, taken_at, document, digest, timestamp_token"
            + " from integrity_checkpoint";

    /** Checkpoints Kafka has not acknowledged yet (only stamped ones when {@code stamped}), oldest first. */
    public Uni<List<Stored>> unpublished(SqlClient client, boolean stamped, int limit) {
        return client.preparedQuery(STORED + " where published_at is null"
                        + (stamped ? " and timestamp_token is not null" : "") + " order by sequence limit $1")
                .execute(Tuple.of(limit))
                .map(rows -> SqlRows.list(rows, CheckpointStore::stored));
    }

    /** Unpublished checkpoints not yet time-stamped, oldest first. */
    public Uni<List<Stored>> unstamped(SqlClient client, int limit) {
        return client.preparedQuery(STORED + " where published_at is null and timestamp_token is null"
                        + " order by sequence limit $1").execute(Tuple.of(limit))
                .map(rows -> SqlRows.list(rows, CheckpointStore::stored));
    }

    public Uni<Void> stamp(SqlClient client, long sequence, String token) {
        return client.preparedQuery("update integrity_checkpoint set timestamp_token = $1 where sequence = $2"
                        + " and timestamp_token is null").execute(Tuple.of(token, sequence)).replaceWithVoid();
    }

    public Uni<Void> markPublished(SqlClient client, long sequence) {
        return client.preparedQuery("update integrity_checkpoint set published_at = now() where sequence = $1"
                        + " and published_at is null").execute(Tuple.of(sequence)).replaceWithVoid();
    }

    public Uni<Optional<Stored>> checkpoint(SqlClient client, long sequence) {
        return client.preparedQuery(STORED + " where sequence = $1").execute(Tuple.of(sequence))
                .map(rows -> SqlRows.first(rows, CheckpointStore::stored));
    }

    /** A checkpoint's leaves, in tree order. */
    public Uni<List<ChainCheckpoint.Leaf>> leaves(SqlClient client, long sequence) {
        return client.preparedQuery("select stream_id, version, hash from integrity_checkpoint_leaf"
                        + " where sequence = $1 order by leaf_index").execute(Tuple.of(sequence))
                .map(rows -> SqlRows.list(rows, row -> new ChainCheckpoint.Leaf(row.getString("stream_id"),
                        row.getLong("version"), row.getString("hash"))));
    }

    /** Every event of a stream that a checkpoint covers, in version order. */
    public Uni<List<Anchored>> anchored(SqlClient client, String streamId) {
        return client.preparedQuery("select sequence, leaf_index, version, hash from integrity_checkpoint_leaf"
                        + " where stream_id = $1 order by version, sequence").execute(Tuple.of(streamId))
                .map(rows -> SqlRows.list(rows, row -> new Anchored(row.getLong("sequence"),
                        row.getInteger("leaf_index"), row.getLong("version"), row.getString("hash"))));
    }

    private static Stored stored(Row row) {
        return new Stored(row.getLong("sequence"), row.getString("checkpoint_id"), SqlRows.instant(row, "taken_at"),
                row.getString("document"), row.getString("digest"), row.getString("timestamp_token"));
    }
}
