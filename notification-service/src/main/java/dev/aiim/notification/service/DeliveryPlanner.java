package dev.aiim.notification.service;

import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.Directory.Destination;
import dev.aiim.notification.domain.IncidentMessage;
import dev.aiim.notification.repository.DeliveryRepository;
import dev.aiim.platform.security.SecretBox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Writes deliveries in the caller's transaction, one per destination, each under its idempotency key
 * (incident, cause, recipient, channel): a redelivered event or a timer fired again adds nothing. A drill
 * (simulation incident) goes only to the routing document's drill audience.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private static final Logger LOG = Logger.getLogger(DeliveryPlanner.class);
    private static final String ACK_PURPOSE = "page-acknowledgement";

    /** What to send, why, and to whom. {@code cause} identifies the event or timer firing. */
    public record Notice(String incidentId, Long incidentVersion, boolean simulation, String cause,
                         IncidentMessage message, List<Destination> to, String pageId) {
    }

    private final DeliveryRepository deliveries;
    private final SecretBox secrets;
    private final NotificationConfig config;
    private final Clock clock;

    public DeliveryPlanner(DeliveryRepository deliveries, SecretBox secrets, NotificationConfig config, Clock clock) {
        this.secrets = secrets;
        this.config = config;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Adds the notice's deliveries through {@code client} (the caller's transaction); answers how many were new. */
    public Uni<Integer> enqueue(SqlClient client, Directory directory, Notice notice) {
        List<Destination> to = notice.simulation()
                ? directory.people(directory.routing().drillAudience()) : notice.to();
        to = Directory.distinct(to);
        if (to.isEmpty()) {
            LOG.infof("Incident %s: nobody to tell about %s (%s)", notice.incidentId(), notice.message().reason(),
                    notice.simulation() ? "drill without a drill audience" : "no routed recipient");
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(to)
                .onItem().transformToUniAndConcatenate(d -> deliveries.add(client, delivery(notice, d)))
                .collect().asList()
                .map(added -> (int) added.stream().filter(Boolean::booleanValue).count());
    }

    /** The signed link that acknowledges a page as {@code personId}, no sign-in needed. */
    public String ackLink(String pageId, String personId) {
        return config.publicUrl() + "/pages/" + pageId + "/ack?person="
                + URLEncoder.encode(personId, StandardCharsets.UTF_8) + "&token=" + ackToken(pageId, personId);
    }

    public String ackToken(String pageId, String personId) {
        return secrets.mac(ACK_PURPOSE, pageId + "\n" + personId);
    }

    public boolean validAckToken(String pageId, String personId, String token) {
        return personId != null && secrets.verifyMac(ACK_PURPOSE, pageId + "\n" + personId, token);
    }

    private Delivery delivery(Notice notice, Destination d) {
        IncidentMessage message = notice.pageId() == null ? notice.message()
                : notice.message().withAckLink(ackLink(notice.pageId(), d.recipient()));
        String key = notice.incidentId() + "|" + notice.cause() + "|" + d.recipient() + "|" + d.channel().id();
        return new Delivery("dlv-" + UUID.randomUUID(), key, notice.incidentId(), notice.incidentVersion(),
                notice.message().reason(), d.channel().id(), d.channel().type(), d.recipient(), d.address(),
                notice.pageId(), d.contactIndex(), message, notice.simulation(), Delivery.Status.PENDING, 0,
                clock.instant(), null, clock.instant(), null, null);
    }
}
