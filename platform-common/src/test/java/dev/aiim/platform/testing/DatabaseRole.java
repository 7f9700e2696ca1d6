package dev.aiim.platform.testing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the service's own database role (the one its pool connects as) may do, asked of PostgreSQL itself. */
final class DatabaseRole {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** PostgreSQL's insufficient_privilege. */
    private static final String REFUSED = "42501";
    private static final String ALLOWED = "allowed";

    private DatabaseRole() {
    }

    static String current(Pool pool) {
        return pool.query("select current_user::text").execute().await().atMost(PATIENCE).iterator().next()
                .getString(0);
    }

    static List<String> tables(Pool pool) {
        return names(pool, "select tablename::text from pg_tables where schemaname = 'public' order by 1");
    }

    static List<String> owned(Pool pool) {
        return names(pool, "select tablename::text from pg_tables where schemaname = 'public'"
                + " and tableowner = current_user order by 1");
    }

    static String firstColumn(Pool pool, String table) {
        return pool.preparedQuery("select column_name::text from information_schema.columns where table_schema ="
                        + " 'public' and table_name = $1 order by ordinal_position limit 1")
                .execute(Tuple.of(table)).await().atMost(PATIENCE).iterator().next().getString(0);
    }

    /** The tables (or table.column) a service lists in one of its Flyway placeholders (afterMigrate.sql). */
    static List<String> declared(String placeholder) {
        String value = ConfigProvider.getConfig()
                .getValue("quarkus.flyway.placeholders." + placeholder, String.class).trim();
        return value.equals("none") ? List.of() : Arrays.asList(value.split("\\s+"));
    }

    static void assertRefused(Pool pool, String statement) {
        assertThat(outcome(pool, statement)).as("what PostgreSQL answers the service role's \"%s\"", statement)
                .isEqualTo(REFUSED);
    }

    static void assertAllowed(Pool pool, String statement) {
        assertThat(outcome(pool, statement)).as("what PostgreSQL answers the service role's \"%s\"", statement)
                .isEqualTo(ALLOWED);
    }

    /** The SQLSTATE the statement fails with, or "allowed"; whatever it did is rolled back. */
    private static String outcome(Pool pool, String statement) {
        try {
            pool.withTransaction(c -> c.query(statement).execute()
                            .chain(() -> Uni.createFrom().failure(new RolledBack())))
                    .await().atMost(PATIENCE);
            throw new IllegalStateException("unreachable: the transaction always fails");
        } catch (RolledBack done) {
            return ALLOWED;
        } catch (PgException e) {
            return e.getSqlState();
        }
    }

    private static List<String> names(Pool pool, String query) {
        List<String> names = new ArrayList<>();
        for (Row row : pool.query(query).execute().await().atMost(PATIENCE)) {
            names.add(row.getString(0));
        }
        return names;
    }

    /** Thrown after a statement that succeeded, so that its transaction rolls back. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back on purpose", null, false, false);
        }
    }
}
