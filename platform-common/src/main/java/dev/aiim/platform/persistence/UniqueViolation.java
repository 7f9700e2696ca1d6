package dev.aiim.platform.persistence;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.ConstraintViolationException.ConstraintKind;

/**
 * Whether a failure is PostgreSQL refusing a duplicate key (SQLSTATE 23505): two requests raced to create the
 * same resource, and the loser should hear 409, not 500.
 */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    public static boolean isCause(Throwable failure) {
        return SqlStates.causedBy(failure, UNIQUE_VIOLATION::equals) || SqlStates.anyCause(failure,
                t -> t instanceof ConstraintViolationException c && c.getKind() == ConstraintKind.UNIQUE);
    }
}
