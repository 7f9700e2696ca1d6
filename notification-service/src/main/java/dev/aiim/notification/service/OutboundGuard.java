package dev.aiim.notification.service;

import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.domain.OutboundAddressPolicy;
import io.smallrye.mutiny.Uni;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.util.List;

/**
 * The SSRF guard with the JDK resolver. Name resolution blocks, so it runs on a worker thread, never on the
 * event loop. Used when a channel is saved and again before every send (DNS answers can change).
 */
@ApplicationScoped
public class OutboundGuard {

    private final OutboundAddressPolicy policy;

    public OutboundGuard(NotificationConfig config) {
        this.policy = new OutboundAddressPolicy(config.allowedHosts().orElse(List.of()));
    }

    public Uni<OutboundAddressPolicy.Verdict> check(String url, boolean allowPrivateNetwork) {
        // executeBlocking resolves on a worker and continues on the caller's Vert.x context (reactive sessions need it)
        return VertxContextSupport.executeBlocking(() -> policy.check(url, allowPrivateNetwork,
                host -> List.of(InetAddress.getAllByName(host))));
    }
}
