package dev.aiim.platform.persistence;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.ConstraintViolationException.ConstraintKind;

import java.sql.SQLException;

/**
 * Whether a failure is PostgreSQL refusing a duplicate key (SQLSTATE 23505): two requests raced to create the
 * same resource, and the loser should hear 409, not 500.
 */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof ConstraintViolationException c && c.getKind() == ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }
}
