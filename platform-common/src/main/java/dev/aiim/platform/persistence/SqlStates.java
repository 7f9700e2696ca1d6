package dev.aiim.platform.persistence;

import io.vertx.pgclient.PgException;

import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * What a failure's cause chain says about the database's refusal: the SQLSTATE PostgreSQL gave (through the
 * reactive driver or JDBC), however deep the failure was wrapped. One walk for every classifier of failures.
 */
public final class SqlStates {

    private static final int MAX_DEPTH = 20;

    private SqlStates() {
    }

    /** Whether any failure in the cause chain of {@code failure} passes {@code test}. */
    public static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether a failure in the cause chain carries a SQLSTATE that passes {@code state}. */
    public static boolean causedBy(Throwable failure, Predicate<String> state) {
        return anyCause(failure, t -> {
            String code = of(t);
            return code != null && state.test(code);
        });
    }

    private static String of(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }
}
