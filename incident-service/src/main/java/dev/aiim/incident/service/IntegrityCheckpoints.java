package dev.aiim.incident.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.eventstore.CheckpointStatus;
import dev.aiim.incident.eventstore.CheckpointStore;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.incident.eventstore.StoredEvent;
import dev.aiim.incident.messaging.CheckpointPublisher;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.SignedDocument;
import dev.aiim.integrity.TimeStamps;
import dev.aiim.platform.messaging.PollingWorker;
import dev.aiim.platform.operations.OperationsMetrics;
import dev.aiim.platform.security.SigningKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes the signed checkpoints of the event chains: every {@code aiim.incident.checkpoints.every} while events are
 * stored, and at once when an incident closes (its final state is then covered). Each covers the events stored
 * since the previous one ({@link ChainCheckpoint}), is stored with its leaves in one transaction, and is then
 * published ({@link CheckpointPublisher}). Also says how a stream compares with the checkpoints covering it.
 */
@ApplicationScoped
public class IntegrityCheckpoints {

    static final String ISSUER = "incident-service";
    private static final Logger LOG = Logger.getLogger(IntegrityCheckpoints.class);
    private static final String LOCK = "integrity-checkpoints";
    private static final String CLOSED = "incident.closed";

    private final Pool pool;
    private final CheckpointStore checkpoints;
    private final CheckpointPublisher publisher;
    private final SigningKeys keys;
    private final IncidentConfig config;
    private final Clock clock;
    private final OperationsMetrics operations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private PollingWorker worker;

    public IntegrityCheckpoints(Pool pool, CheckpointStore checkpoints, CheckpointPublisher publisher, SigningKeys keys,
                                IncidentConfig config, Clock clock, OperationsMetrics operations) {
        this.operations = operations;
        this.pool = pool;
        this.checkpoints = checkpoints;
        this.publisher = publisher;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        // checkpoints taken and not yet on Kafka: none for long, unless Kafka or the time-stamping authority is down
        operations.backlog("integrity-checkpoints", () -> pool.query("select count(*) as pending,"
                + " min(taken_at) as oldest from integrity_checkpoint where published_at is null").execute()
                .map(OperationsMetrics.Backlog::of));
        if (!config.checkpoints().enabled()) {
            LOG.info("Integrity checkpoints disabled in this instance (aiim.incident.checkpoints.enabled=false)");
            return;
        }
        worker = new PollingWorker("integrity-checkpoints", () -> take(false), config.checkpoints().maxLeaves(),
                config.checkpoints().poll(), Duration.ofSeconds(5));
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Takes a checkpoint of whatever is stored and not yet covered, due or not, and publishes it; waited for. */
    public int checkpointNow() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> take(true));
    }

    /** One look: a checkpoint when one is due (or forced), then whatever is unpublished goes to Kafka. */
    private Uni<Integer> take(boolean force) {
        return pool.withTransaction(connection -> connection.preparedQuery(
                                "select pg_try_advisory_xact_lock(hashtext($1)) as locked").execute(Tuple.of(LOCK))
                        .map(rows -> rows.iterator().next().getBoolean("locked"))
                        .chain(locked -> locked ? takeLocked(connection, force) : Uni.createFrom().item(0)))
                .call(this::stampPending)
                .call(() -> publisher.publishPending(config.checkpoints().tsaUrl().isPresent()));
    }

    /**
     * With a time-stamping authority configured, has it stamp each checkpoint not yet published, oldest first; one it
     * cannot stamp now (and those after it) waits for the next poll, unpublished. The request leaves the event loop.
     */
    private Uni<Void> stampPending() {
        if (config.checkpoints().tsaUrl().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        URI tsa = config.checkpoints().tsaUrl().get();
        return checkpoints.unstamped(pool, 20)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(stored -> Uni.createFrom().item(() -> stamp(tsa, stored))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(token -> checkpoints.stamp(pool, stored.sequence(), token)))
                .collect().last()
                .onFailure().invoke(failure -> LOG.warnf("Checkpoints wait, unpublished, for a time-stamp from %s: %s",
                        tsa, failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private String stamp(URI tsa, CheckpointStore.Stored stored) {
        try {
            return TimeStamps.stamp(http, tsa, stored.digest(), config.checkpoints().tsaTimeout());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a time-stamp", e);
        }
    }

    private Uni<Integer> takeLocked(SqlConnection connection, boolean force) {
        return checkpoints.last(connection).chain(last -> checkpoints.pending(connection, last,
                        config.checkpoints().maxLeaves())
                .chain(pending -> {
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    if (pending.isEmpty() || !(force || due(last, pending, now))) {
                        return Uni.createFrom().item(0);
                    }
                    return store(connection, last, pending, now).replaceWith(pending.size());
                }));
    }

    private boolean due(Optional<CheckpointStore.Last> last, List<CheckpointStore.Pending> pending, Instant now) {
        return last.isEmpty() || pending.size() >= config.checkpoints().maxLeaves()
                || !now.isBefore(last.get().takenAt().plus(config.checkpoints().every()))
                || pending.stream().anyMatch(p -> CLOSED.equals(p.type()));
    }

    private Uni<Void> store(SqlConnection connection, Optional<CheckpointStore.Last> last,
                            List<CheckpointStore.Pending> pending, Instant now) {
        long sequence = last.map(CheckpointStore.Last::sequence).orElse(0L) + 1;
        List<ChainCheckpoint.Leaf> leaves = ChainCheckpoint.sorted(pending.stream()
                .map(CheckpointStore.Pending::leaf).toList());
        // the id names the sequence and the start of the root, so that it names one checkpoint only, even across a
        // database restored from a backup or made anew beside a topic that kept the old ones
        ObjectNode unsigned = ChainCheckpoint.document("", sequence, ISSUER, now, leaves,
                last.map(CheckpointStore.Last::checkpointId).orElse(null),
                last.map(CheckpointStore.Last::digest).orElse(null));
        String id = String.format("checkpoint-%08d-%s", sequence,
                unsigned.path("merkleRoot").asText().substring(0, 12));
        unsigned.put("id", id);
        ObjectNode signed = SignedDocument.sign(unsigned, keys.ring().active());
        LOG.debugf("Checkpoint %s covers %d events", id, leaves.size());
        return checkpoints.add(connection, sequence, id, now, pending.get(pending.size() - 1),
                signed.path("merkleRoot").asText(), ChainCheckpoint.digest(signed), signed.toString(), leaves);
    }

    /** How the stream's events compare with the checkpoints covering them (null before any does). */
    public Uni<CheckpointStatus> assess(String streamId, List<StoredEvent> events) {
        return checkpoints.anchored(pool, streamId).chain(anchored -> {
            if (anchored.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            List<Long> sequences = anchored.stream().map(CheckpointStore.Anchored::sequence).distinct().toList();
            Map<Long, CheckpointStatus.Covering> covering = new HashMap<>();
            return Multi.createFrom().iterable(sequences)
                    .onItem().transformToUniAndConcatenate(sequence -> checkpoints.checkpoint(pool, sequence)
                            .chain(stored -> checkpoints.leaves(pool, sequence).invoke(leaves -> covering.put(sequence,
                                    new CheckpointStatus.Covering(stored.orElseThrow(), parse(stored.get()
                                            .document()), leaves)))))
                    .collect().last()
                    .map(ignored -> CheckpointStatus.assess(events, anchored, covering, keys.ring().published()));
        });
    }

    private static JsonNode parse(String document) {
        return IncidentEventCodec.parse(document);
    }
}
