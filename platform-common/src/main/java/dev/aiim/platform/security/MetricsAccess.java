package dev.aiim.platform.security;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.stream.Collectors;

/**
 * {@code /q/metrics} on the service's own port, answered here rather than by Quarkus's handler: a scrape without
 * an admin token (Prometheus inside the cluster) gets the operations metrics (JVM, HTTP, Kafka clients, relay,
 * outbox, dead letters, consumer lag, deliveries) but none of the platform's business figures, the {@code aiim_}
 * metrics such as reporting's leadership KPIs; an admin's token gets everything.
 */
@ApplicationScoped
public class MetricsAccess {

    /** The prefix of the business figures, which only admins may scrape. */
    public static final String BUSINESS_PREFIX = "aiim_";

    private final PrometheusMeterRegistry registry;
    private final IdentityProviderManager identities;

    public MetricsAccess(PrometheusMeterRegistry registry, IdentityProviderManager identities) {
        this.registry = registry;
        this.identities = identities;
    }

    void install(@Observes Router router) {
        // after Quarkus's authentication filter (order -200, so the caller's token is known), before its own
        // metrics route
        router.get("/q/metrics").order(-150).handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        // the format the scraper asks for (Prometheus text or OpenMetrics), as Quarkus's own handler chooses it
        String contentType = TextFormat.chooseContentType(ctx.request().getHeader("Accept"));
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                // a missing or bad token scrapes as anyone does
                .onFailure().recoverWithNull()
                .subscribe().with(identity -> ctx.vertx().<String>executeBlocking(() -> {
                    String text = registry.scrape(contentType);
                    return admin(identity) ? text : withoutBusinessFigures(text);
                }, false).onComplete(scraped -> {
                    if (scraped.failed()) {
                        ctx.fail(scraped.cause());
                        return;
                    }
                    ctx.response().putHeader("Content-Type", contentType).end(scraped.result());
                }), ctx::fail);
    }

    private static boolean admin(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.hasRole(Roles.ADMIN);
    }

    /** The exposition without the samples, {@code # HELP} and {@code # TYPE} lines of {@code aiim_} metrics. */
    static String withoutBusinessFigures(String exposition) {
        return exposition.lines().filter(line -> !metricName(line).startsWith(BUSINESS_PREFIX))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String metricName(String line) {
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
            String rest = line.substring(7);
            int space = rest.indexOf(' ');
            return space < 0 ? rest : rest.substring(0, space);
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }
}
