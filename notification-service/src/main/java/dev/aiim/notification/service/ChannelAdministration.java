package dev.aiim.notification.service;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.ChannelSpec;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.PersonProfile;
import dev.aiim.notification.domain.RoutingPolicy;
import dev.aiim.notification.domain.StandardWebhookSignature;
import dev.aiim.notification.repository.ChannelRepository;
import dev.aiim.notification.repository.ChannelRepository.StoredChannel;
import dev.aiim.notification.repository.DocumentRows;
import dev.aiim.notification.repository.RoutingRepository;
import dev.aiim.platform.problem.ConflictException;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.SecretBox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creating, reading and removing channels: secrets sealed, URLs checked against the SSRF guard. */
@ApplicationScoped
public class ChannelAdministration {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A created channel and, for a webhook whose secret the service generated, that secret, shown this once. */
    public record CreatedChannel(NotificationChannel channel, String signingSecret) {
    }

    private final ChannelRepository channels;
    private final DocumentRows documents;
    private final RoutingRepository routing;
    private final OutboundGuard guard;
    private final SecretBox secrets;
    private final Clock clock;

    public ChannelAdministration(ChannelRepository channels, DocumentRows documents, RoutingRepository routing,
                                 OutboundGuard guard, SecretBox secrets, Clock clock) {
        this.channels = channels;
        this.documents = documents;
        this.routing = routing;
        this.guard = guard;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Uni<CreatedChannel> create(ChannelSpec spec, String by) {
        Map<String, String> problems = spec.problems();
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(invalid(problems));
        }
        Uni<Void> urlChecked = spec.url() == null ? Uni.createFrom().voidItem()
                : guard.check(spec.url(), spec.allowPrivateNetwork()).map(verdict -> {
                    if (!verdict.allowed()) {
                        throw new InvalidRequestException("url", verdict.reason());
                    }
                    return null;
                });
        return urlChecked.chain(() -> store(spec, by));
    }

    @WithTransaction
    Uni<CreatedChannel> store(ChannelSpec spec, String by) {
        String generated = spec.type() == ChannelType.WEBHOOK && spec.secret() == null
                ? StandardWebhookSignature.newSecret(RANDOM) : null;
        String secret = generated != null ? generated : spec.secret();
        NotificationChannel channel = new NotificationChannel("ch-" + UUID.randomUUID(), spec.type(), spec.name().trim(),
                NotificationChannel.hint(spec.url()), secret != null, spec.settings(), spec.allowPrivateNetwork(),
                clock.instant(), by);
        StoredChannel stored = new StoredChannel(channel, spec.url() == null ? null : secrets.seal(spec.url()),
                secret == null ? null : secrets.seal(secret));
        return channels.insert(stored).map(inserted -> {
            if (!inserted) {
                throw new ConflictException("A channel named '" + channel.name() + "' exists already");
            }
            return new CreatedChannel(channel, generated);
        });
    }

    @WithSession
    public Uni<List<NotificationChannel>> list() {
        return channels.list().map(all -> all.stream().map(StoredChannel::channel).toList());
    }

    @WithSession
    public Uni<NotificationChannel> get(String id) {
        return channels.find(id).map(found -> found.orElseThrow(() -> new ResourceNotFoundException("Channel", id))
                .channel());
    }

    /** Removes a channel nobody's contact points or the routing document still name. */
    @WithTransaction
    public Uni<Void> delete(String id) {
        return channels.find(id).chain(found -> {
            if (found.isEmpty()) {
                throw new ResourceNotFoundException("Channel", id);
            }
            return documents.list(DocumentRows.Table.PERSON, PersonProfile.class)
                    .chain(people -> routing.current().map(current -> {
                        List<String> users = new ArrayList<>();
                        people.stream().filter(p -> p.contacts().stream().anyMatch(c -> c.channelId().equals(id)))
                                .forEach(p -> users.add("person " + p.id()));
                        RoutingPolicy policy = current.policy();
                        if (id.equals(policy.clientChannelId()) || id.equals(policy.defaultEmailChannelId())) {
                            users.add("the routing document");
                        }
                        if (!users.isEmpty()) {
                            throw new ConflictException("Channel " + id + " is still used by " + String.join(", ", users)
                                    + "; change those first");
                        }
                        return null;
                    }))
                    .chain(() -> channels.delete(id)).replaceWithVoid();
        });
    }

    static InvalidRequestException invalid(Map<String, String> problems) {
        List<Problem.FieldError> errors = problems.entrySet().stream()
                .map(e -> new Problem.FieldError(e.getKey(), e.getValue())).toList();
        return new InvalidRequestException(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid", errors);
    }
}
