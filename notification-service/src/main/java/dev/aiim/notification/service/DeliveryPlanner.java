package dev.aiim.notification.service;

import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.Directory.Destination;
import dev.aiim.notification.domain.EscalationPolicy;
import dev.aiim.notification.domain.IncidentMessage;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.PersonProfile;
import dev.aiim.notification.repository.ChannelRepository;
import dev.aiim.notification.repository.DeliveryRepository;
import dev.aiim.notification.repository.DocumentRows;
import dev.aiim.notification.repository.RoutingRepository;
import dev.aiim.platform.security.SecretBox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    private final ChannelRepository channels;
    private final DocumentRows documents;
    private final RoutingRepository routing;
    private final DeliveryRepository deliveries;
    private final SecretBox secrets;
    private final NotificationConfig config;
    private final Clock clock;

    public DeliveryPlanner(ChannelRepository channels, DocumentRows documents, RoutingRepository routing,
                           DeliveryRepository deliveries, SecretBox secrets, NotificationConfig config, Clock clock) {
        this.secrets = secrets;
        this.config = config;
        this.channels = channels;
        this.documents = documents;
        this.routing = routing;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Channels, people and routing as they are now. */
    public Uni<Directory> directory() {
        return channels.list().chain(all -> documents.list(DocumentRows.Table.PERSON, PersonProfile.class)
                .chain(people -> routing.current().map(current -> new Directory(
                        all.stream().map(ChannelRepository.StoredChannel::channel)
                                .collect(Collectors.toMap(NotificationChannel::id, Function.identity())),
                        people.stream().collect(Collectors.toMap(PersonProfile::id, Function.identity())),
                        current.policy()))));
    }

    public Uni<Map<String, EscalationPolicy>> policies() {
        return documents.list(DocumentRows.Table.ESCALATION_POLICY, EscalationPolicy.class)
                .map(all -> all.stream().collect(Collectors.toMap(EscalationPolicy::id, Function.identity())));
    }

    /** Adds the notice's deliveries; answers how many were new. */
    public Uni<Integer> enqueue(Directory directory, Notice notice) {
        List<Destination> to = notice.simulation()
                ? directory.people(directory.routing().drillAudience()) : notice.to();
        to = Directory.distinct(to);
        if (to.isEmpty()) {
            LOG.infof("Incident %s: nobody to tell about %s (%s)", notice.incidentId(), notice.message().reason(),
                    notice.simulation() ? "drill without a drill audience" : "no routed recipient");
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(to)
                .onItem().transformToUniAndConcatenate(d -> deliveries.add(delivery(notice, d)))
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
