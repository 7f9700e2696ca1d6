package dev.aiim.platform.messaging;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.platform.operations.OperationsMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static dev.aiim.platform.persistence.SqlRows.instant;
import static dev.aiim.platform.persistence.SqlRows.list;
import static dev.aiim.platform.persistence.SqlRows.utc;

/**
 * A service's outbox table: a message is written in the same transaction as the change it reports (never "save,
 * then send"), and relayed afterwards, in order, by one relay at a time. The table has the columns {@code seq}
 * (bigserial), {@code message_id} (unique), {@code type}, {@code message_key}, {@code occurred_at}, {@code data}
 * (jsonb) and {@code published_at}.
 */
public final class Outbox {

    /** A message waiting to be relayed. */
    public record Pending(long seq, String messageId, MessageType type, String key, Instant occurredAt, String data) {

        /** The CloudEvent to send, from {@code source}: the row's data as it was queued (written from its record). */
        public Message<String> message(String source) {
            return CloudEventMessages.written(type, messageId, source, key, key, occurredAt, data);
        }
    }

    /** A message to queue: its id (a repeated id is the same fact, queued once), key, time and data record. */
    public record Entry(String messageId, String key, Instant occurredAt, Object data) {
    }

    private final String table;

    public Outbox(String table) {
        this.table = table;
    }

    /** Queues a message; a repeated message id (the same fact twice) is queued once. */
    public Uni<Void> add(SqlClient client, String messageId, String key, Instant occurredAt, Object data) {
        return addAll(client, List.of(new Entry(messageId, key, occurredAt, data)));
    }

    /** Queues messages in the order given, in one statement. */
    public Uni<Void> addAll(SqlClient client, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("insert into " + table + " (message_id, type, message_key, occurred_at, data)"
                        + " values ($1, $2, $3, $4, $5::text::jsonb) on conflict (message_id) do nothing")
                .executeBatch(entries.stream().map(e -> Tuple.tuple(Arrays.asList(e.messageId(),
                        MessageTypes.of(e.data().getClass()).ceType(), e.key(), utc(e.occurredAt()),
                        EventJson.write(e.data())))).toList())
                .replaceWithVoid();
    }

    /** The oldest unpublished messages, locked against other relays. */
    public Uni<List<Pending>> claim(SqlClient client, int limit) {
        return client.preparedQuery("select seq, message_id, type, message_key, occurred_at, data::text as data"
                        + " from " + table + " where published_at is null order by seq limit $1 for update skip locked")
                .execute(Tuple.of(limit))
                .map(rows -> list(rows, Outbox::pending));
    }

    public Uni<Void> markPublished(SqlClient client, List<Long> seqs, Instant at) {
        return client.preparedQuery("update " + table + " set published_at = $1 where seq = any($2)")
                .execute(Tuple.of(utc(at), seqs.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** The unpublished messages: how many, and the time of the oldest. */
    public Uni<OperationsMetrics.Backlog> backlog(SqlClient client) {
        return client.query("select count(*) as pending, min(occurred_at) as oldest from " + table
                        + " where published_at is null").execute()
                .map(OperationsMetrics.Backlog::of);
    }

    /**
     * Relays the oldest pending messages in one transaction: sends them all in order (the producer keeps the order
     * per partition), waits for every acknowledgement, and only then marks them published, so a broker outage
     * delays messages and loses none; a batch sent again after a crash carries the same message ids, which
     * consumers drop. One relay at a time (an advisory lock on the table's name), so two instances never
     * interleave one key's messages. Answers how many were sent.
     */
    public Uni<Integer> relay(Pool pool, int batch, Function<Pending, Uni<Void>> send, Instant now) {
        return pool.withTransaction(client -> client.preparedQuery("select pg_try_advisory_xact_lock(hashtext($1))"
                        + " as locked").execute(Tuple.of("outbox:" + table))
                .map(rows -> rows.iterator().next().getBoolean("locked"))
                .chain(locked -> !locked ? Uni.createFrom().item(List.<Pending>of()) : claim(client, batch))
                .chain(pending -> {
                    if (pending.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(pending.stream().map(send).toList()).andFailFast()
                            .chain(() -> PublishedMarks.unflushed(client))
                            .chain(() -> markPublished(client, pending.stream().map(Pending::seq).toList(), now))
                            .replaceWith(pending.size());
                }));
    }

    private static Pending pending(Row row) {
        return new Pending(row.getLong("seq"), row.getString("message_id"),
                MessageTypes.byCeType(row.getString("type")).orElseThrow(), row.getString("message_key"),
                instant(row, "occurred_at"), row.getString("data"));
    }
}
