package dev.aiim.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Problem+json for what never reaches a REST resource: a path nothing serves (404) and a body over the
 * limit (413, refused from its {@code Content-Length} before a byte of it is read; 411 for a chunked body,
 * whose length is unknown, on a path with the small limit). The limit is {@code aiim.http.limits.body-size} on
 * every path except those {@code aiim.http.limits.large-body-paths} matches (a model's telemetry batches), which
 * may send up to {@code quarkus.http.limits.max-body-size}, chunked or not.
 */
@ApplicationScoped
public class ProblemRoutes {

    private final long maxBodyBytes;
    private final long bodyBytes;
    private final Optional<Pattern> largeBodyPaths;

    public ProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                         @ConfigProperty(name = "aiim.http.limits.body-size") Optional<MemorySize> bodySize,
                         @ConfigProperty(name = "aiim.http.limits.large-body-paths") Optional<String> largeBodyPaths) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.bodyBytes = Math.min(maxBodyBytes, bodySize.map(MemorySize::asLongValue).orElse(maxBodyBytes));
        this.largeBodyPaths = largeBodyPaths.map(Pattern::compile);
    }

    /** The largest body {@code path} takes. */
    public long limitFor(String path) {
        return largeBodyPaths.filter(p -> p.matcher(path).matches()).isPresent() ? maxBodyBytes : bodyBytes;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 99).handler(ProblemRoutes::refuseNulCharacter);
        router.route().order(Integer.MIN_VALUE + 100).handler(this::refuseOversizedBody);
        router.route().order(Integer.MAX_VALUE - 100).handler(ctx ->
                write(ctx, ProblemKind.NOT_FOUND, "Nothing is served at " + ctx.request().path()));
    }

    /** PostgreSQL cannot store the NUL character: a URL holding one is refused before anything reads it. */
    private static void refuseNulCharacter(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri.indexOf('\0') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00")) {
            write(ctx, ProblemKind.MALFORMED_REQUEST, "The URL must not contain the NUL character (%00)");
            return;
        }
        ctx.next();
    }

    private void refuseOversizedBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long pathLimit = limitFor(ctx.request().path());
        if (length == null && pathLimit < maxBodyBytes
                && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            // a chunked body's size is known only once read: on a path with the small limit it is refused before
            // a byte is read, so that only the large-body paths can be made to read up to the server's maximum
            ctx.request().pause();
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            write(ctx, ProblemKind.LENGTH_REQUIRED, ctx.request().path() + " takes a body of at most " + pathLimit
                    + " bytes with its Content-Length; send it whole rather than in chunks");
            return;
        }
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > pathLimit) {
                    ctx.request().pause();
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    write(ctx, ProblemKind.PAYLOAD_TOO_LARGE,
                            "The request body is " + length.trim() + " bytes; " + ctx.request().path()
                                    + " accepts at most " + pathLimit + " bytes");
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
