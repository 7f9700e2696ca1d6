package dev.aiim.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.aiim.platform.json.NulCharacterGuard;
import dev.aiim.platform.resilience.TransientFailure;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every exception that reaches a REST resource into problem+json: the client's mistakes into
 * the right 4xx with a detail that says what to fix, anything else into a 500 that names a log
 * reference and never shows a stack trace.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        if (e instanceof InvalidRequestException invalid) {
            return ProblemResponses.invalid(e.getMessage(), path(uri), invalid.errors());
        }
        return ProblemResponses.of(Problem.of(e.kind(), e.getMessage(), path(uri)), e.headers());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        if (isReturnValueViolation(e)) {
            return internal(e, uri);
        }
        return ProblemResponses.invalid("The request has " + errors.size() + " invalid field(s)", path(uri), errors);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    /** Declared on its own so that it wins over the REST layer's built-in mapper for this subtype. */
    @ServerExceptionMapper
    public Response jsonMismatch(MismatchedInputException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    /**
     * A query or path parameter the REST layer could not convert to its type: JAX-RS answers 404 for those, as if
     * nothing were served there, but the client sent a value of the wrong type (fault suite: {@code ?limit=ten}).
     * The parameter is named when its value can be found in the conversion's message; the message itself is not
     * passed on, as it may name a Java type.
     */
    private static Response unreadableParameter(Throwable conversion, UriInfo uri) {
        String message = conversion.getMessage() == null ? "" : conversion.getMessage();
        String detail = uri.getQueryParameters().entrySet().stream()
                .flatMap(q -> q.getValue().stream().filter(v -> !v.isBlank() && message.contains("\"" + v + "\""))
                        .map(v -> "Query parameter " + q.getKey() + " cannot be \"" + v + "\": it has another type (the"
                                + " types are in /q/openapi)"))
                .findFirst()
                .orElse("A query or path parameter has a value of the wrong type (a number, a date or one of the "
                        + "listed values is expected; the types are in /q/openapi)");
        return ProblemResponses.of(Problem.of(ProblemKind.MALFORMED_REQUEST, detail, path(uri)), Map.of());
    }

    /** A body read by hand (an intake that must see the raw bytes first) fails the same way as one read by the REST layer. */
    @ServerExceptionMapper
    public Response uncheckedJson(java.io.UncheckedIOException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json, uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json, uri);
        }
        if (e instanceof NotFoundException && e.getCause() != null
                && !(e.getCause() instanceof WebApplicationException)) {
            return unreadableParameter(e.getCause(), uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, uri);
        }
        ProblemKind kind = ProblemKind.forStatus(status);
        Map<String, String> headers = Map.of();
        String detail = switch (kind) {
            case NOT_FOUND -> "Nothing is served at " + path(uri);
            case METHOD_NOT_ALLOWED -> methodNotAllowedDetail(e);
            case UNSUPPORTED_MEDIA_TYPE -> "This endpoint does not accept that Content-Type; send application/json";
            case NOT_ACCEPTABLE -> "This endpoint cannot answer in any of the media types the Accept header asks for";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than this endpoint accepts";
            default -> e.getMessage();
        };
        if (e instanceof NotAllowedException && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            headers = Map.of(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return ProblemResponses.of(Problem.of(kind, detail, path(uri)), headers);
    }

    /**
     * 401 problem+json, with the challenge of the authentication mechanism in use ({@code WWW-Authenticate:
     * Bearer} for APIs). A browser sign-in flow answers with its redirect instead.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Uni<Response> unauthenticated(Exception e, RoutingContext context, UriInfo uri) {
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        Uni<ChallengeData> challenge = authenticator == null
                ? Uni.createFrom().nullItem()
                : authenticator.getChallenge(context).onFailure().recoverWithNull();
        return challenge.map(data -> {
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (data != null) {
                data.getHeaders().forEach((name, value) -> headers.put(name.toString(), value));
            }
            if (data != null && data.status == 302) {
                Response.ResponseBuilder redirect = Response.status(302);
                headers.forEach(redirect::header);
                return redirect.build();
            }
            headers.putIfAbsent(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return ProblemResponses.of(Problem.of(ProblemKind.UNAUTHENTICATED,
                    "Send a valid bearer token from the platform's identity provider (Authorization: Bearer ...)",
                    path(uri)), headers);
        });
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemResponses.of(ProblemKind.FORBIDDEN, "Your roles do not allow this operation", path(uri));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (UnstorableText.isCause(e)) {
            return ProblemResponses.of(ProblemKind.MALFORMED_REQUEST, "The request holds text that cannot be stored"
                    + " (the NUL character, or an invalid character sequence)", path(uri));
        }
        if (TransientFailure.isCause(e)) {
            // the database restarting or a lost connection: its transaction rolled back, the client repeats
            LOG.warnf("%s answered 503, a dependency is unavailable: %s", path(uri), e.getMessage());
            return ProblemResponses.of(Problem.of(ProblemKind.UNAVAILABLE, "A dependency of the service is"
                            + " unavailable for the moment; repeat the request shortly", path(uri)),
                    Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
        }
        return internal(e, uri);
    }

    private static Response internal(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error on %s (reference %s)", path(uri), reference);
        return ProblemResponses.of(ProblemKind.INTERNAL,
                "The service failed unexpectedly; quote reference " + reference + " to its operators", path(uri));
    }

    private static Response jsonProblem(JsonProcessingException e, UriInfo uri) {
        String malformed = malformed(e);
        if (malformed != null) {
            return ProblemResponses.of(ProblemKind.MALFORMED_REQUEST, malformed, path(uri));
        }
        String field = jsonPath(((JsonMappingException) e).getPath());
        if (field.isEmpty()) {
            return ProblemResponses.of(ProblemKind.MALFORMED_REQUEST, "The body " + fieldMessage(e), path(uri));
        }
        return ProblemResponses.invalid("The body has a field of the wrong type or shape", path(uri),
                List.of(new Problem.FieldError(field, fieldMessage(e))));
    }

    /**
     * What is wrong with a JSON body, in plain words and without Java's names, for an endpoint that answers in a
     * sender's own error format (PagerDuty's) rather than problem+json.
     */
    public static String plainWords(JsonProcessingException e) {
        String malformed = malformed(e);
        if (malformed != null) {
            return malformed;
        }
        String field = jsonPath(((JsonMappingException) e).getPath());
        return (field.isEmpty() ? "The body " : field + " ") + fieldMessage(e);
    }

    /** "The body is not valid JSON at ..." when it is not, else null (the JSON is fine, a value is not). */
    private static String malformed(JsonProcessingException e) {
        // A body cut short inside an object surfaces as a mapping error, but it is broken JSON all the same.
        boolean truncated = e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input");
        if (e instanceof JsonParseException || truncated || !(e instanceof JsonMappingException)) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return "The body is not valid JSON" + where;
        }
        return null;
    }

    private static String fieldMessage(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        } else if (NulCharacterGuard.MESSAGE.equals(e.getOriginalMessage())) {
            return NulCharacterGuard.MESSAGE;
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "must be " + describe(mismatched.getTargetType());
        }
        return "has an unreadable value";
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.getName().startsWith("java.time")) {
            return "an ISO-8601 time such as 2026-03-17T09:15:00Z";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** {@code create.body.records[2].score} becomes {@code records[2].score}; a query parameter keeps its name. */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            ElementKind kind = node.getKind();
            boolean bodyParameter = kind == ElementKind.PARAMETER && i < nodes.size() - 1;
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || bodyParameter
                    || kind == ElementKind.CROSS_PARAMETER || kind == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.isInIterable() && out.length() > 0) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getName() != null && kind != ElementKind.CONTAINER_ELEMENT) {
                out.append(out.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static boolean isReturnValueViolation(ConstraintViolationException e) {
        return e.getConstraintViolations().stream().anyMatch(v -> {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
            return false;
        });
    }

    private static String methodNotAllowedDetail(WebApplicationException e) {
        String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allow == null ? "This path does not support that HTTP method"
                : "This path supports only " + allow;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
