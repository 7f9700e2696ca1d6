package dev.aiim.reporting.repository;

import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.platform.persistence.SqlRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The checkpoints incident-service published, and the events each covers (written once, read for exports). */
@ApplicationScoped
public class CheckpointRepository {

    /** A checkpoint as published: its signed document, its issuer's keys and its time-stamp token, as text. */
    public record Stored(String checkpointId, long sequence, Instant takenAt, String document, String issuerKeys,
                         String timestamp) {
    }

    /** Keeps a checkpoint and its leaves (in tree order); one seen before is left as it is. */
    public Uni<Void> add(SqlClient client, Stored checkpoint, List<ChainCheckpoint.Leaf> sortedLeaves) {
        String[] streams = sortedLeaves.stream().map(ChainCheckpoint.Leaf::streamId).toArray(String[]::new);
        Long[] versions = sortedLeaves.stream().map(ChainCheckpoint.Leaf::version).toArray(Long[]::new);
        String[] hashes = sortedLeaves.stream().map(ChainCheckpoint.Leaf::hash).toArray(String[]::new);
        return client.preparedQuery("insert into integrity_checkpoint (checkpoint_id, sequence, taken_at, document,"
                        + " issuer_keys, timestamp_token) values ($1, $2, $3, $4, $5, $6)"
                        + " on conflict (checkpoint_id) do nothing returning checkpoint_id")
                .execute(Tuple.from(java.util.Arrays.asList(checkpoint.checkpointId(), checkpoint.sequence(),
                        SqlRows.utc(checkpoint.takenAt()), checkpoint.document(), checkpoint.issuerKeys(),
                        checkpoint.timestamp())))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().voidItem() : client.preparedQuery(
                                "insert into integrity_checkpoint_leaf (checkpoint_id, leaf_index, stream_id, version,"
                                        + " hash) select $1, i - 1, s, v, h from unnest($2::text[], $3::bigint[],"
                                        + " $4::text[]) with ordinality as leaf(s, v, h, i)")
                        .execute(Tuple.of(checkpoint.checkpointId(), streams, versions, hashes)).replaceWithVoid());
    }

    /** The newest checkpoint covering the stream's event at a version up to {@code upTo}, and that version. */
    public Uni<Optional<Covering>> covering(SqlClient client, String streamId, long upTo) {
        return client.preparedQuery("select c.checkpoint_id, c.sequence, c.taken_at, c.document, c.issuer_keys,"
                        + " c.timestamp_token, l.version from integrity_checkpoint_leaf l"
                        + " join integrity_checkpoint c using (checkpoint_id)"
                        + " where l.stream_id = $1 and l.version <= $2"
                        + " order by l.version desc, c.sequence desc limit 1")
                .execute(Tuple.of(streamId, upTo))
                .map(rows -> SqlRows.first(rows, row -> new Covering(new Stored(row.getString("checkpoint_id"),
                        row.getLong("sequence"), SqlRows.instant(row, "taken_at"), row.getString("document"),
                        row.getString("issuer_keys"), row.getString("timestamp_token")), row.getLong("version"))));
    }

    /** A checkpoint and the version of the stream's event it covers. */
    public record Covering(Stored checkpoint, long version) {
    }

    /** The keys incident-service published with a checkpoint reporting holds. */
    public Uni<Optional<String>> issuerKeys(SqlClient client, String checkpointId) {
        return client.preparedQuery("select issuer_keys from integrity_checkpoint where checkpoint_id = $1")
                .execute(Tuple.of(checkpointId)).map(rows -> SqlRows.first(rows, row -> row.getString("issuer_keys")));
    }

    /** A checkpoint's leaves, in tree order. */
    public Uni<List<ChainCheckpoint.Leaf>> leaves(SqlClient client, String checkpointId) {
        return client.preparedQuery("select stream_id, version, hash from integrity_checkpoint_leaf"
                        + " where checkpoint_id = $1 order by leaf_index").execute(Tuple.of(checkpointId))
                .map(rows -> SqlRows.list(rows, row -> new ChainCheckpoint.Leaf(row.getString("stream_id"),
                        row.getLong("version"), row.getString("hash"))));
    }
}
