package dev.aiim.platform.problem;

import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Builds problem+json responses; the single place that sets the media type. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(ProblemKind kind, String detail, String instance) {
        return of(Problem.of(kind, detail, instance), Map.of());
    }

    public static Response invalid(String detail, String instance, List<Problem.FieldError> errors) {
        return of(Problem.invalid(detail, instance, errors), Map.of());
    }

    public static Response of(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }
}
