package dev.aiim.reporting.service;

import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.notification.NotificationFailed;
import dev.aiim.contracts.notification.NotificationSent;
import dev.aiim.contracts.notification.PageAcknowledged;
import dev.aiim.contracts.notification.UpdateOverdue;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.messaging.ReceivedMessage;
import dev.aiim.reporting.domain.IncidentHistory;
import dev.aiim.reporting.repository.IncidentEventLogRepository;
import dev.aiim.reporting.repository.IncidentRecordRepository;
import dev.aiim.reporting.repository.NotificationCountRepository;
import dev.aiim.reporting.repository.NotificationCountRepository.Counter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/**
 * Applies one message of each topic to the read models, through the connection of the caller's transaction (the
 * consumer's, with its idempotency record, or a rebuild's). An incident event is appended to the log by (incident, version),
 * then the incident's record is folded again from its events up to the first gap: out-of-order events wait
 * for the missing one, and the record says it is stale meanwhile.
 */
@ApplicationScoped
public class ReadModels {

    private static final Logger LOG = Logger.getLogger(ReadModels.class);

    private final IncidentEventLogRepository log;
    private final IncidentRecordRepository records;
    private final NotificationCountRepository notifications;
    private final AiSystemReplica systems;
    private final Clock clock;
    private final Pool pool;

    public ReadModels(IncidentEventLogRepository log, IncidentRecordRepository records,
                      NotificationCountRepository notifications, AiSystemReplica systems, Clock clock, Pool pool) {
        this.pool = pool;
        this.log = log;
        this.records = records;
        this.notifications = notifications;
        this.systems = systems;
        this.clock = clock;
    }

    /** How many incident events the log holds. */
    public Uni<Long> eventCount() {
        return log.count(pool);
    }

    /** Incidents whose record waits for a missing event. */
    public Uni<List<String>> staleIncidents() {
        return log.withGaps(pool);
    }

    public Uni<Void> applyIncidentEvent(SqlClient client, ReceivedMessage message) {
        IncidentEvent event = message.data(IncidentEvent.class);
        String incidentId = event.header().incidentId();
        long version = event.header().version();
        return records.lock(client, incidentId).chain(stored -> log.append(client, event, message.type(), message.id(),
                        clock.instant())
                .chain(() -> {
                    // the usual case: the next version of an incident without a gap folds onto its record
                    if (stored.isPresent() && stored.get().receivedVersion() == stored.get().record().version()
                            && version == stored.get().record().version() + 1) {
                        return records.save(client, IncidentHistory.next(stored.get().record(), event), version,
                                clock.instant());
                    }
                    if (stored.isPresent() && version <= stored.get().record().version()) {
                        return Uni.createFrom().voidItem(); // a version already folded, under another message id
                    }
                    return refold(client, incidentId);
                }));
    }

    /**
     * Keeps an incident event in the log without folding (a rebuild's replay, which folds every incident at the
     * end); nothing when the log has that version already.
     */
    public Uni<Void> keepIncidentEvent(SqlClient client, ReceivedMessage message) {
        return log.append(client, message.data(IncidentEvent.class), message.type(), message.id(), clock.instant());
    }

    /** Folds the incident's record again from its events in the log, under the record's lock. */
    public Uni<Void> refoldIncident(SqlClient client, String incidentId) {
        return records.lock(client, incidentId).chain(() -> refold(client, incidentId));
    }

    /** The ids of the incidents in the log after {@code after}, in order, at most {@code limit}. */
    public Uni<List<String>> incidentsAfter(String after, int limit) {
        return log.incidentsAfter(pool, after, limit);
    }

    /** Folds the incident again from all its events (a gap, or the version that closes one). */
    private Uni<Void> refold(SqlClient client, String incidentId) {
        return log.events(client, incidentId).chain(events -> {
            long received = events.isEmpty() ? 0 : events.get(events.size() - 1).header().version();
            int contiguous = IncidentHistory.contiguous(events);
            if (contiguous < received) {
                LOG.warnf("Incident %s: version %d received, but only 1..%d without a gap; its record waits"
                        + " for the missing events", incidentId, received, contiguous);
            }
            return IncidentHistory.fold(events)
                    .map(record -> records.save(client, record, received, clock.instant()))
                    .orElse(Uni.createFrom().voidItem());
        });
    }

    public Uni<Void> applyNotification(SqlClient client, ReceivedMessage message) {
        MessageType type = message.type();
        if (type == MessageTypes.NOTIFICATION_SENT) {
            return notifications.add(client, message.data(NotificationSent.class).incidentId(), Counter.SENT);
        }
        if (type == MessageTypes.NOTIFICATION_FAILED) {
            return notifications.add(client, message.data(NotificationFailed.class).incidentId(), Counter.FAILED);
        }
        if (type == MessageTypes.PAGE_ACKNOWLEDGED) {
            return notifications.add(client, message.data(PageAcknowledged.class).incidentId(),
                    Counter.PAGE_ACKNOWLEDGED);
        }
        return notifications.add(client, message.data(UpdateOverdue.class).incidentId(), Counter.MISSED_UPDATE);
    }

    public Uni<Void> applyAiSystem(SqlClient client, ReceivedMessage message) {
        return systems.apply(client, message);
    }
}
