package dev.aiim.platform.problem;

import dev.aiim.platform.persistence.SqlStates;

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
        return SqlStates.causedBy(failure, STATES::contains);
    }
}
