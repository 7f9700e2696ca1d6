package dev.aiim.platform.security;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers that keep a browser from misusing what the services send. Every response: no content-type
 * sniffing. Every HTML page of the platform's own (the report form and its receipt, the page acknowledgement,
 * the dashboard, the HTML review): a Content-Security-Policy that runs no script but the service's own files,
 * loads nothing from elsewhere, posts forms only to the service and may not be framed, and the same refusal
 * of framing for browsers that predate CSP. Quarkus's own pages under {@code /q/} (Swagger UI) keep theirs.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Inline styles stay allowed: the pages carry their few rules inline, and a style cannot run code. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 98).handler(SecurityHeaders::onResponse);
    }

    private static void onResponse(RoutingContext ctx) {
        boolean quarkusPage = ctx.request().path().startsWith("/q/");
        HttpServerResponse response = ctx.response();
        ctx.addHeadersEndHandler(ignored -> {
            response.putHeader("X-Content-Type-Options", "nosniff");
            String type = response.headers().get("Content-Type");
            if (!quarkusPage && type != null && type.startsWith("text/html")) {
                response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                response.putHeader("X-Frame-Options", "DENY");
                response.putHeader("Referrer-Policy", "no-referrer");
            }
        });
        ctx.next();
    }
}
