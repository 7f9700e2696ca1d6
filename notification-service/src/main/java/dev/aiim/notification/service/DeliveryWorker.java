package dev.aiim.notification.service;

import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.contracts.notification.NotificationFailed;
import dev.aiim.contracts.notification.NotificationSent;
import dev.aiim.notification.config.NotificationConfig;
import dev.aiim.notification.domain.Delivery;
import dev.aiim.notification.domain.DeliveryRetry;
import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.Page;
import dev.aiim.notification.repository.ChannelRepository;
import dev.aiim.notification.repository.DeliveryRepository;
import dev.aiim.notification.repository.OutboxRepository;
import dev.aiim.notification.repository.PageRepository;
import dev.aiim.notification.sending.ChannelSender;
import dev.aiim.notification.sending.SendOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends due deliveries of one channel type at a time: claims a batch (leased, SKIP LOCKED), sends them
 * concurrently outside any transaction, then records every outcome with its {@code notification.sent} or
 * {@code notification.failed} in one transaction. Each channel type has its own worker, so a slow Slack or
 * webhook endpoint never holds up email or SMS. A failed page moves on to the person's next contact point.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private record Attempt(Delivery delivery, SendOutcome outcome) {
    }

    private final DeliveryRepository deliveries;
    private final References references;
    private final PageRepository pages;
    private final OutboxRepository outbox;
    private final DeliveryPlanner planner;
    private final ChannelSender sender;
    private final NotificationConfig config;
    private final DeliveryRetry retry;
    private final Clock clock;

    private final Pool pool;
    private final MeterRegistry registry;

    public DeliveryWorker(DeliveryRepository deliveries, References references, PageRepository pages,
                          OutboxRepository outbox, DeliveryPlanner planner, ChannelSender sender,
                          NotificationConfig config, Pool pool, Clock clock, MeterRegistry registry) {
        this.registry = registry;
        this.deliveries = deliveries;
        this.references = references;
        this.pool = pool;
        this.pages = pages;
        this.outbox = outbox;
        this.planner = planner;
        this.sender = sender;
        this.config = config;
        this.retry = new DeliveryRetry(config.retry().base(), config.retry().cap(), config.retry().maxAttempts());
        this.clock = clock;
    }

    /** One round for {@code type}: answers how many deliveries it handled. */
    public Uni<Integer> sendDue(ChannelType type) {
        return pool.withTransaction(client -> deliveries.claimDue(client, type, clock.instant(),
                        config.workers().concurrency(), config.workers().lease()))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Attempt>of())
                        : references.channels(pool).chain(all -> Uni.join().all(claimed.stream()
                                .map(d -> attempt(d, all)).toList()).andFailFast()))
                .chain(attempts -> attempts.isEmpty() ? Uni.createFrom().item(0)
                        : pool.withTransaction(client -> Multi.createFrom().iterable(attempts)
                        .onItem().transformToUniAndConcatenate(attempt -> record(client, attempt))
                        .collect().asList()).replaceWith(attempts.size()));
    }

    private Uni<Attempt> attempt(Delivery delivery, List<ChannelRepository.StoredChannel> all) {
        Optional<ChannelRepository.StoredChannel> channel = all.stream()
                .filter(c -> c.channel().id().equals(delivery.channelId())).findFirst();
        if (channel.isEmpty()) {
            return Uni.createFrom().item(new Attempt(delivery, SendOutcome.refused("the channel was removed")));
        }
        return sender.send(delivery, channel.get()).map(outcome -> new Attempt(delivery, outcome));
    }

    private Uni<Void> record(SqlClient client, Attempt attempt) {
        Delivery d = attempt.delivery();
        SendOutcome outcome = attempt.outcome();
        int attempts = d.attempts() + 1;
        Instant now = clock.instant();
        if (outcome.sent()) {
            attempted(d, "sent");
            return deliveries.markSent(client, d.id(), attempts, now).chain(changed -> !changed
                    ? Uni.createFrom().voidItem()
                    : outbox.add(client, "notification.sent:" + d.id(), key(d), now, new NotificationSent(d.id(),
                    d.incidentId(), d.channelType(), d.recipient(), d.reason(), attempts, now, d.incidentVersion(),
                    d.simulation())));
        }
        Optional<Instant> next = outcome.retryable()
                ? retry.nextAttempt(attempts, now, outcome.retryAfter(), ThreadLocalRandom.current())
                : Optional.empty();
        if (next.isPresent()) {
            attempted(d, "retry");
            LOG.infof("Delivery %s (%s to %s) attempt %d failed, retrying at %s: %s", d.id(), d.channelType(),
                    d.recipient(), attempts, next.get(), outcome.error());
            return deliveries.scheduleRetry(client, d.id(), attempts, next.get(), outcome.error()).replaceWithVoid();
        }
        attempted(d, "failed");
        LOG.warnf("Delivery %s (%s to %s) failed after %d attempt(s): %s", d.id(), d.channelType(), d.recipient(),
                attempts, outcome.error());
        return deliveries.markFailed(client, d.id(), attempts, now, outcome.error()).chain(changed -> !changed
                ? Uni.createFrom().voidItem()
                : outbox.add(client, "notification.failed:" + d.id(), key(d), now, new NotificationFailed(d.id(),
                        d.incidentId(), d.channelType(), d.recipient(), d.reason(), attempts, now, outcome.error(),
                        d.incidentVersion(), d.simulation()))
                .chain(() -> alternate(client, d)));
    }

    /**
     * {@code notification_delivery_attempts_total{channel,outcome}}: sent, failed for good (after its retries), or
     * to be retried (an operations metric).
     */
    private void attempted(Delivery delivery, String outcome) {
        registry.counter("notification.delivery.attempts", "channel", delivery.channelType().name(),
                "outcome", outcome).increment();
    }

    /** A page that could not reach someone tries their next contact point, while the page is still open. */
    private Uni<Void> alternate(SqlClient client, Delivery failed) {
        if (failed.pageId() == null || failed.contactIndex() == null) {
            return Uni.createFrom().voidItem();
        }
        return pages.lock(client, failed.pageId()).chain(page -> {
            if (page.isEmpty() || page.get().status() != Page.Status.OPEN) {
                return Uni.createFrom().voidItem();
            }
            return references.directory(client).chain(directory -> {
                Optional<Directory.Destination> next = directory.person(failed.recipient(), failed.contactIndex() + 1);
                if (next.isEmpty()) {
                    LOG.warnf("Page %s: %s has no further contact point", failed.pageId(), failed.recipient());
                    return Uni.createFrom().voidItem();
                }
                return planner.enqueue(client, directory, new DeliveryPlanner.Notice(failed.incidentId(),
                        failed.incidentVersion(), false, failed.idempotencyKey().split("\\|")[1] + ":alt"
                        + next.get().contactIndex(), failed.message().withAckLink(null), List.of(next.get()),
                        failed.pageId())).replaceWithVoid();
            });
        });
    }

    private static String key(Delivery d) {
        return d.incidentId() == null ? d.id() : d.incidentId();
    }
}
