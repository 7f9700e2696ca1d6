package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.integrity.CheckpointLeaf;
import dev.aiim.contracts.integrity.CheckpointTaken;
import dev.aiim.incident.eventstore.CheckpointStore;
import dev.aiim.platform.messaging.CloudEventMessages;
import dev.aiim.platform.security.SigningKeys;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes stored checkpoints, oldest first, to {@code aiim.integrity-checkpoints.v1} (key: checkpoint id), each with
 * the events it covers. A checkpoint is marked published once Kafka has acknowledged it, outside any transaction;
 * a crash in between sends it again, with the same id and content, which compaction and readers take as one.
 */
@ApplicationScoped
public class CheckpointPublisher {

    public static final String CHANNEL = "integrity-checkpoints";
    private static final int BATCH = 20;

    private final MutinyEmitter<String> emitter;
    private final CheckpointStore checkpoints;
    private final SigningKeys keys;
    private final Pool pool;

    public CheckpointPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, CheckpointStore checkpoints,
                               SigningKeys keys, Pool pool) {
        this.emitter = emitter;
        this.keys = keys;
        this.checkpoints = checkpoints;
        this.pool = pool;
    }

    /** Sends what is not yet published (only stamped checkpoints when {@code stamped}), in order; how many went. */
    public Uni<Integer> publishPending(boolean stamped) {
        return checkpoints.unpublished(pool, stamped, BATCH)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(stored -> checkpoints.leaves(pool, stored.sequence())
                        .chain(leaves -> emitter.sendMessage(CloudEventMessages.outgoing(MessageTypes.CHECKPOINT_TAKEN,
                                stored.checkpointId(), IncidentEventRelay.SOURCE, stored.checkpointId(),
                                stored.checkpointId(), stored.takenAt(), new CheckpointTaken(stored.document(),
                                        leaves.stream().map(l -> new CheckpointLeaf(l.streamId(), l.version(),
                                                l.hash())).toList(), keys.ring().jwks().toString(),
                                        stored.timestamp()))))
                        .chain(() -> checkpoints.markPublished(pool, stored.sequence())))
                .collect().with(java.util.stream.Collectors.counting())
                .map(Long::intValue);
    }
}
