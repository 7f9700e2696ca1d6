package dev.aiim.platform.resilience;

import dev.aiim.contracts.MalformedMessageException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailureTest {

    private static PgException postgres(String sqlState, String message) {
        return new PgException(message, "FATAL", sqlState, null);
    }

    @Test
    void a_database_that_restarts_refuses_or_drops_connections_is_passing_trouble() {
        assertThat(TransientFailure.isCause(postgres("57P03", "the database system is starting up"))).isTrue();
        assertThat(TransientFailure.isCause(postgres("57P01", "terminating connection due to administrator command")))
                .isTrue();
        assertThat(TransientFailure.isCause(postgres("08006", "connection failure"))).isTrue();
        assertThat(TransientFailure.isCause(postgres("53300", "too many connections"))).isTrue();
        assertThat(TransientFailure.isCause(new ConnectException("Connection refused"))).isTrue();
        assertThat(TransientFailure.isCause(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(TransientFailure.isCause(new SQLException("deadlock detected", "40P01"))).isTrue();
        // fault suite, fault 2: a connection closed under a running request, raised without a type of its own
        assertThat(TransientFailure.isCause(new NoStackTraceThrowable(
                "Connection is not active now, current status: CLOSED"))).isTrue();
        assertThat(TransientFailure.isCause(new NoStackTraceThrowable("Invalid state"))).isFalse();
    }

    @Test
    void it_is_found_however_deep_it_is_wrapped() {
        Throwable wrapped = new CompletionException(new IllegalStateException("flush failed",
                postgres("57P03", "the database system is starting up")));
        assertThat(TransientFailure.isCause(wrapped)).isTrue();
    }

    @Test
    void a_retriable_broker_error_is_passing_trouble() {
        assertThat(TransientFailure.isCause(new NotEnoughReplicasException("not enough in-sync replicas"))).isTrue();
    }

    @Test
    void what_is_wrong_with_the_work_itself_is_not() {
        assertThat(TransientFailure.isCause(postgres("23505", "duplicate key value"))).isFalse();
        assertThat(TransientFailure.isCause(postgres("42703", "column \"id\" does not exist"))).isFalse();
        assertThat(TransientFailure.isCause(new MalformedMessageException("Cannot read the data"))).isFalse();
        assertThat(TransientFailure.isCause(new IllegalArgumentException("no such incident"))).isFalse();
        assertThat(TransientFailure.isCause(null)).isFalse();
    }
}
