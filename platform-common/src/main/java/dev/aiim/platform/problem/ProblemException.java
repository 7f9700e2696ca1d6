package dev.aiim.platform.problem;

import java.util.Map;

/**
 * A refusal that reaches the client as problem+json. Domain code throws the typed subclasses
 * ({@link ResourceNotFoundException}, {@link ConflictException}, {@link PreconditionFailedException});
 * the one mapper in {@link ProblemExceptionMappers} renders them.
 */
public class ProblemException extends RuntimeException {

    private final ProblemKind kind;
    private final Map<String, String> headers;

    public ProblemException(ProblemKind kind, String detail) {
        this(kind, detail, Map.of());
    }

    public ProblemException(ProblemKind kind, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.kind = kind;
        this.headers = Map.copyOf(headers);
    }

    public ProblemKind kind() {
        return kind;
    }

    /** Extra response headers, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
