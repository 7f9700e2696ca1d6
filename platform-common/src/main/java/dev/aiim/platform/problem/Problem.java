package dev.aiim.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer: {@code type} names the kind of problem,
 * {@code errors} lists each invalid field for validation failures.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://aiim.dev/problems/";

    /** One invalid field: where (a JSON path such as {@code records[3].score}) and what is wrong. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(ProblemKind kind, String detail, String instance) {
        return new Problem(TYPE_BASE + kind.slug(), kind.title(), kind.status(), detail, instance, null);
    }

    public static Problem invalid(String detail, String instance, List<FieldError> errors) {
        ProblemKind kind = ProblemKind.VALIDATION;
        return new Problem(TYPE_BASE + kind.slug(), kind.title(), kind.status(), detail, instance, List.copyOf(errors));
    }
}
