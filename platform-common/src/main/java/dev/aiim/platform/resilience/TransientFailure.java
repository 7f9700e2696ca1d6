package dev.aiim.platform.resilience;

import dev.aiim.platform.persistence.SqlStates;

import java.util.List;
import java.util.Set;

/**
 * Whether a failure is a dependency's passing trouble (the database restarting or refusing connections, a
 * connection lost, a lock or serialization conflict, a timeout, a retriable broker error) rather than something
 * wrong with the work itself. Passing trouble is retried, or answered 503 with {@code Retry-After}; it never
 * sends a message to a dead-letter topic and never answers 500.
 */
public final class TransientFailure {

    /**
     * SQLSTATE classes and codes PostgreSQL uses for trouble that goes away: connection exceptions (08),
     * insufficient resources (53), operator intervention such as a shutdown or a server still starting (57P),
     * serialization failures and deadlocks (40001, 40P01), lock timeouts (55P03).
     */
    private static final Set<String> SQL_STATE_CLASSES = Set.of("08", "53");
    private static final Set<String> SQL_STATES = Set.of("57P01", "57P02", "57P03", "57P05", "40001", "40P01",
            "55P03");

    /** Exceptions known by name, so that no client library has to be on every service's classpath. */
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "java.net.ConnectException", "java.net.NoRouteToHostException", "java.net.SocketException",
            "java.net.SocketTimeoutException", "java.util.concurrent.TimeoutException",
            "io.smallrye.mutiny.TimeoutException", "io.netty.channel.ConnectTimeoutException",
            "io.vertx.core.impl.NoStackTraceTimeoutException", "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.http.ConnectionPoolTooBusyException",
            "org.apache.kafka.common.errors.RetriableException");

    /**
     * Vert.x raises some failures as a bare {@code NoStackTraceThrowable}, known only by its message: a connection
     * the database closed while a request was using it (fault suite: a 500 during a database outage).
     */
    private static final String UNTYPED = "io.vertx.core.impl.NoStackTraceThrowable";
    private static final List<String> UNTYPED_TRANSIENT_MESSAGES = List.of("Connection is not active now",
            "Connection closed", "Pool closed");

    private TransientFailure() {
    }

    public static boolean isCause(Throwable failure) {
        return SqlStates.causedBy(failure, TransientFailure::transientState)
                || SqlStates.anyCause(failure, TransientFailure::transientType);
    }

    private static boolean transientType(Throwable t) {
        if (t.getClass().getName().equals(UNTYPED) && t.getMessage() != null) {
            return UNTYPED_TRANSIENT_MESSAGES.stream().anyMatch(t.getMessage()::startsWith);
        }
        for (Class<?> type = t.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            if (TRANSIENT_TYPES.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean transientState(String state) {
        return (SQL_STATES.contains(state)
                || (state.length() == 5 && SQL_STATE_CLASSES.contains(state.substring(0, 2))));
    }
}
