package dev.aiim.detection.repository;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.AiSystemRegistered;
import dev.aiim.contracts.aisystem.AiSystemUpdated;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.platform.messaging.Outbox;
import dev.aiim.platform.operations.OperationsMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code detection_outbox}: every message this service sends about detections ({@code aiim.detections.v1}) and
 * the registry ({@code aiim.ai-systems.v1}) is written here in the transaction of the change it reports, and relayed
 * afterwards ({@code DetectionRelay}). The message ids are fixed here, from the facts: a detection's id, the same id
 * with {@code :resolved}, a system's id with its version; so the same fact queued twice is one message.
 */
@ApplicationScoped
public class DetectionOutbox {

    /** Also the table the registry's Hibernate transaction writes through a native statement. */
    public static final String TABLE = "detection_outbox";

    private final Outbox outbox = new Outbox(TABLE);
    private final MaintenanceRepository maintenance;

    public DetectionOutbox(MaintenanceRepository maintenance) {
        this.maintenance = maintenance;
    }

    /**
     * Queues raised detections, then resolutions, keyed by correlation key (one incident's signals in order), except
     * what an open maintenance window holds back ({@link MaintenanceRepository#gate}).
     */
    public Uni<Void> detections(SqlClient client, List<DetectionRaised> raised, List<DetectionResolved> resolved) {
        if (raised.isEmpty() && resolved.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return maintenance.gate(client, raised, resolved)
                .chain(gated -> send(client, gated.raised(), gated.resolved()));
    }

    /** Queues detections as they are, past any maintenance window (a window's release). */
    public Uni<Void> send(SqlClient client, List<DetectionRaised> raised, List<DetectionResolved> resolved) {
        List<Outbox.Entry> entries = new ArrayList<>(raised.size() + resolved.size());
        raised.forEach(d -> entries.add(new Outbox.Entry(d.detectionId(), d.correlationKey(), d.detectedAt(), d)));
        resolved.forEach(r -> entries.add(new Outbox.Entry(r.detectionId() + ":resolved", r.correlationKey(),
                r.resolvedAt(), r)));
        return outbox.addAll(client, entries);
    }

    /** The message a registry change sends: the whole system, keyed by its id. */
    public static Outbox.Entry systemChanged(AiSystem system, boolean registered, String by, Instant at) {
        Object data = registered ? new AiSystemRegistered(system, by, at) : new AiSystemUpdated(system, by, at);
        return new Outbox.Entry(system.id() + ":" + system.version(), system.id(), at, data);
    }

    public Outbox table() {
        return outbox;
    }

    public Uni<OperationsMetrics.Backlog> backlog(SqlClient client) {
        return outbox.backlog(client);
    }
}
