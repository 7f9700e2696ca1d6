package dev.aiim.platform.testing;

import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.function.Function;

/**
 * The service's database as its owner sees it (the role that runs the migrations, {@code quarkus.flyway.username}),
 * for tests that must do what the service's own role may not: read Flyway's history, rewrite a stored event as an
 * attacker with the owner's password could, clean up after a benchmark.
 */
public final class DatabaseOwner {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private DatabaseOwner() {
    }

    /** Runs the work in one transaction as the owner, and waits for its result. */
    public static <T> T inTransaction(Function<SqlConnection, Uni<T>> work) {
        Pool pool = pool();
        try {
            return pool.withTransaction(work).await().atMost(PATIENCE);
        } finally {
            pool.closeAndAwait();
        }
    }

    /** One statement as the owner, in a transaction of its own. */
    public static void execute(String statement) {
        inTransaction(c -> c.query(statement).execute().replaceWithVoid());
    }

    /** The first column of the first row of a query as the owner. */
    public static <T> T value(String query, Class<T> type) {
        return inTransaction(c -> c.query(query).execute().map(rows -> rows.iterator().next().get(type, 0)));
    }

    private static Pool pool() {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.reactive.url", String.class);
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(config.getValue("quarkus.flyway.username", String.class))
                .setPassword(config.getValue("quarkus.flyway.password", String.class));
        Vertx vertx = Arc.container().instance(Vertx.class).get();
        return Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options)
                .using(vertx.getDelegate()).build());
    }
}
