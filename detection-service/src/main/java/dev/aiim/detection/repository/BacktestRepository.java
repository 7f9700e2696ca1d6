package dev.aiim.detection.repository;

import dev.aiim.contracts.Nullable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** Backtest jobs: what was asked, how far it got, and what it found (JSON, as the API answers it). */
@ApplicationScoped
public class BacktestRepository {

    public enum Status {
        RUNNING, DONE, FAILED
    }

    public record StoredBacktest(UUID backtestId, String systemId, Status status, String request,
                                 @Nullable String result, @Nullable String error, int windowsDone, int windows,
                                 String requestedBy, Instant requestedAt, Instant updatedAt,
                                 @Nullable Instant finishedAt) {
    }

    private final Pool pool;

    public BacktestRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> start(UUID id, String systemId, String request, int windows, String by, Instant at) {
        return pool.preparedQuery("insert into monitor_backtest (backtest_id, system_id, status, request, windows,"
                        + " requested_by, requested_at, updated_at)"
                        + " values ($1, $2, 'RUNNING', $3::text::jsonb, $4, $5, $6, $6)")
                .execute(Tuple.from(Arrays.asList(id, systemId, request, windows, by, utc(at))))
                .replaceWithVoid();
    }

    public Uni<Void> progress(UUID id, int windowsDone, Instant at) {
        return pool.preparedQuery("update monitor_backtest set windows_done = $2, updated_at = $3"
                        + " where backtest_id = $1")
                .execute(Tuple.of(id, windowsDone, utc(at)))
                .replaceWithVoid();
    }

    public Uni<Void> finish(UUID id, int windowsDone, String result, Instant at) {
        return pool.preparedQuery("update monitor_backtest set status = 'DONE', windows_done = $2,"
                        + " result = $3::text::jsonb, updated_at = $4, finished_at = $4 where backtest_id = $1")
                .execute(Tuple.of(id, windowsDone, result, utc(at)))
                .replaceWithVoid();
    }

    public Uni<Void> fail(UUID id, String error, Instant at) {
        return pool.preparedQuery("update monitor_backtest set status = 'FAILED', error = $2, updated_at = $3,"
                        + " finished_at = $3 where backtest_id = $1")
                .execute(Tuple.of(id, error, utc(at)))
                .replaceWithVoid();
    }

    public Uni<Optional<StoredBacktest>> find(UUID id) {
        return pool.preparedQuery("select backtest_id, system_id, status, request::text, result::text, error,"
                        + " windows_done, windows, requested_by, requested_at, updated_at, finished_at"
                        + " from monitor_backtest where backtest_id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    private static StoredBacktest row(Row r) {
        return new StoredBacktest(r.getUUID(0), r.getString(1), Status.valueOf(r.getString(2)), r.getString(3),
                r.getString(4), r.getString(5), r.getInteger(6), r.getInteger(7), r.getString(8),
                r.getOffsetDateTime(9).toInstant(), r.getOffsetDateTime(10).toInstant(),
                r.getOffsetDateTime(11) == null ? null : r.getOffsetDateTime(11).toInstant());
    }
}
