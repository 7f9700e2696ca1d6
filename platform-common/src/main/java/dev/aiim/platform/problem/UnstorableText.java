package dev.aiim.platform.problem;

import io.vertx.pgclient.PgException;

import java.sql.SQLException;
import java.util.Set;

/**
 * Whether PostgreSQL refused a value for its characters (SQLSTATE 22021 character not in repertoire, 22P05
 * untranslatable character): the NUL character in a form field, say. That is the client's text, so a 400.
 */
final class UnstorableText {

    private static final Set<String> STATES = Set.of("22021", "22P05");

    private UnstorableText() {
    }

    static boolean isCause(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if ((t instanceof PgException pg && STATES.contains(pg.getSqlState()))
                    || (t instanceof SQLException sql && STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
