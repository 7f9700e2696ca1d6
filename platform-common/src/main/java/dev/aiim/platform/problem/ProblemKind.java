package dev.aiim.platform.problem;

import java.util.Arrays;

/** The kinds of problem the platform answers with; the slug ends the problem's {@code type} URI. */
public enum ProblemKind {
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    VALIDATION(400, "validation", "Invalid request"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    LENGTH_REQUIRED(411, "length-required", "Length required"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    UNAVAILABLE(503, "unavailable", "Service unavailable");

    private final int status;
    private final String slug;
    private final String title;

    ProblemKind(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The generic kind for an HTTP status that has no more specific cause. */
    public static ProblemKind forStatus(int status) {
        return Arrays.stream(values())
                .filter(k -> k.status == status && k != VALIDATION)
                .findFirst()
                .orElse(status >= 500 ? INTERNAL : MALFORMED_REQUEST);
    }
}
