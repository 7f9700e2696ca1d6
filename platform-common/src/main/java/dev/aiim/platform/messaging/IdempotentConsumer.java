package dev.aiim.platform.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Delivery is at-least-once, so every consumer applies a message once: the message id is recorded in
 * {@code processed_message} in the same transaction as the message's effect, and a repeat is skipped.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final Clock clock;
    private final Pool pool;

    public IdempotentConsumer(Clock clock, Pool pool) {
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * Runs {@code effect} unless {@code consumer} already applied {@code messageId}, in one transaction of the
     * reactive SQL client: the effect writes through the connection it is given, and both commit together.
     *
     * @return true when the effect ran, false for a repeat
     */
    public Uni<Boolean> applyOnceOn(String consumer, String messageId, Function<SqlConnection, Uni<Void>> effect) {
        return pool.withTransaction(connection -> connection.preparedQuery(
                        "insert into processed_message (consumer, message_id, processed_at) values ($1, $2, $3)"
                                + " on conflict do nothing")
                .execute(Tuple.of(consumer, messageId, OffsetDateTime.now(clock)))
                .chain(inserted -> {
                    if (inserted.rowCount() == 0) {
                        LOG.debugf("%s skips message %s: already applied", consumer, messageId);
                        return Uni.createFrom().item(false);
                    }
                    return effect.apply(connection).replaceWith(true);
                }));
    }

    /**
     * Records, in the caller's transaction, that {@code consumer} applies these messages; answers those it had not
     * applied before (a batch delivered again after a crash is then applied only where it was not).
     */
    public Uni<Set<String>> firstTime(SqlConnection connection, String consumer, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return connection.preparedQuery("insert into processed_message (consumer, message_id, processed_at)"
                        + " select $1, id, $3 from unnest($2::text[]) id on conflict do nothing returning message_id")
                .execute(Tuple.of(consumer, messageIds.toArray(String[]::new), OffsetDateTime.now(clock)))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getString(0)));
                    if (fresh.size() < messageIds.size()) {
                        LOG.debugf("%s skips %d message(s) of a batch: already applied", consumer,
                                messageIds.size() - fresh.size());
                    }
                    return fresh;
                });
    }

    /** Whether {@code consumer} has applied {@code messageId}. */
    public Uni<Boolean> applied(String consumer, String messageId) {
        return pool.preparedQuery("select 1 from processed_message where consumer = $1 and message_id = $2")
                .execute(Tuple.of(consumer, messageId))
                .map(rows -> rows.size() > 0);
    }
}
