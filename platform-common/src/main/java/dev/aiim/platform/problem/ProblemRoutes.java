package dev.aiim.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem+json for what never reaches a REST resource: a path nothing serves (404) and a body over the
 * configured limit (413, refused from its {@code Content-Length} before a byte of it is read).
 */
@ApplicationScoped
public class ProblemRoutes {

    private final long maxBodyBytes;

    public ProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(this::refuseOversizedBody);
        router.route().order(Integer.MAX_VALUE - 100).handler(ctx ->
                write(ctx, ProblemKind.NOT_FOUND, "Nothing is served at " + ctx.request().path()));
    }

    private void refuseOversizedBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    ctx.request().pause();
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    write(ctx, ProblemKind.PAYLOAD_TOO_LARGE,
                            "The request body is " + length.trim() + " bytes; this service accepts at most "
                                    + maxBodyBytes + " bytes");
                    return;
                }
            } catch (NumberFormatException e) {
                write(ctx, ProblemKind.MALFORMED_REQUEST, "Content-Length is not a number");
                return;
            }
        }
        ctx.next();
    }

    private static void write(RoutingContext ctx, ProblemKind kind, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(kind.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(Problem.of(kind, detail, ctx.request().path())));
    }
}
