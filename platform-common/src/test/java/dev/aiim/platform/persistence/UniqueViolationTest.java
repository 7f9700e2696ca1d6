package dev.aiim.platform.persistence;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class UniqueViolationTest {

    @Test
    void a_duplicate_key_from_the_driver_is_recognised_however_deep_it_is_wrapped() {
        PgException duplicate = new PgException("duplicate key value violates unique constraint \"channel_name_key\"",
                "ERROR", "23505", "Key (name)=(ops) already exists.");
        assertThat(UniqueViolation.isCause(duplicate)).isTrue();
        assertThat(UniqueViolation.isCause(new CompletionException(new RuntimeException(duplicate)))).isTrue();
        assertThat(UniqueViolation.isCause(new SQLException("duplicate", "23505"))).isTrue();
    }

    @Test
    void other_failures_are_not_a_duplicate_key() {
        assertThat(UniqueViolation.isCause(new PgException("null value in column", "ERROR", "23502", null)))
                .isFalse();
        assertThat(UniqueViolation.isCause(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(UniqueViolation.isCause(new IllegalStateException("effect failed"))).isFalse();
        assertThat(UniqueViolation.isCause(null)).isFalse();
    }
}
