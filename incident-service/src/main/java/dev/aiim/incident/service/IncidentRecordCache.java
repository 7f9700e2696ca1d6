package dev.aiim.incident.service;

import dev.aiim.contracts.Nullable;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentDecider;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.eventstore.ChainCheck;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.incident.eventstore.IncidentEventStore;
import dev.aiim.incident.eventstore.CheckpointStatus;
import dev.aiim.incident.eventstore.IntegrityReport;
import dev.aiim.incident.eventstore.StoredEvent;
import dev.aiim.incident.projection.TimelineItem;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's record as the console shows it (state, timeline, checked chain), held in memory between page views.
 * Stored events never change, so a held record is brought up to date by reading only the events stored after it,
 * usually none: one small row says so. Reading the whole stream and the view's row on every view moved about
 * 350 KB per page for an incident of 500 events, and such reads stall on a loopback connection (docs/benchmarks.md).
 * Each reader checks the database's version, so several instances each hold a record that is never stale.
 * <p>
 * The chain is checked incrementally: the events read since the last full read are checked against the held head.
 * Once that full read is older than {@code aiim.incident.console.recheck-after}, the next view reads and checks the
 * whole stream again, so an event changed in storage behind the service's back shows as a broken chain within that
 * time. {@code GET /api/v1/incidents/{id}/integrity} always recomputes in full.
 */
@ApplicationScoped
public class IncidentRecordCache {

    /**
     * What the console shows of an incident, when its chain was last recomputed from the whole stream, and how the
     * stream compared then with the signed checkpoints covering it (null before one does).
     */
    public record IncidentRecord(Incident state, List<TimelineItem> timeline, IntegrityReport integrity,
                                 Instant recomputedAt, long checkedSince, @Nullable CheckpointStatus checkpoint) {
    }

    /** A held record: the state and sorted timeline at {@code chain.checked()}, the chain as checked so far. */
    private record Held(Incident state, List<TimelineItem> timeline, ChainCheck chain, Instant recomputedAt,
                        long recomputedVersion, @Nullable CheckpointStatus checkpoint) {

        long version() {
            return chain.checked();
        }

        IncidentRecord at(long streamVersion) {
            return new IncidentRecord(state, timeline, chain.report(streamVersion), recomputedAt,
                    chain.checked() - recomputedVersion, checkpoint);
        }
    }

    private final IncidentEventStore store;
    private final IncidentConfig config;
    private final Clock clock;
    private final IntegrityCheckpoints checkpoints;
    private final Pool pool;
    private final Cache<String, Held> held;

    public IncidentRecordCache(IncidentEventStore store, IncidentConfig config, Clock clock,
                               IntegrityCheckpoints checkpoints, Pool pool) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.config = config;
        this.clock = clock;
        this.pool = pool;
        // weighed in events, so a few long incidents cannot take more memory than many short ones
        this.held = Caffeine.newBuilder().maximumWeight(config.console().heldEvents())
                .weigher((String id, Held record) -> record.timeline().size() + 1)
                .build();
    }

    public Uni<IncidentRecord> record(String incidentId) {
        Instant now = clock.instant();
        Held known = held.getIfPresent(incidentId);
        return store.streamVersion(pool, incidentId).chain(found -> {
            long version = found.orElseThrow(() -> {
                held.invalidate(incidentId);
                return new ResourceNotFoundException("Incident", incidentId);
            });
            boolean recheck = known == null || version < known.version()
                    || !now.isBefore(known.recomputedAt().plus(config.console().recheckAfter()));
            Held from = recheck ? new Held(null, List.of(), ChainCheck.EMPTY, now, 0, null) : known;
            if (from.version() == version) {
                return Uni.createFrom().item(from.at(version));
            }
            // the checkpoints are compared with the stream when it is read whole, with the chain's full recompute
            return store.events(pool, incidentId, from.version(), version)
                    .chain(tail -> (recheck ? checkpoints.assess(incidentId, tail)
                            : Uni.createFrom().item(from.checkpoint()))
                            .map(checkpoint -> keep(incidentId, extend(incidentId, from, tail, recheck, checkpoint))
                                    .at(version)));
        });
    }

    /** The record with the events stored after it: folded into the state, narrated, and checked. */
    private static Held extend(String incidentId, Held from, List<StoredEvent> tail, boolean recomputed,
                               @Nullable CheckpointStatus checkpoint) {
        Incident state = from.state();
        List<TimelineItem> timeline = new ArrayList<>(from.timeline().size() + tail.size());
        timeline.addAll(from.timeline());
        for (StoredEvent stored : tail) {
            IncidentEvent event = IncidentEventCodec.read(stored.type(), stored.payload());
            state = IncidentDecider.evolve(state, incidentId, event);
            timeline.add(TimelineItem.of(stored, event));
        }
        timeline.sort(TimelineItem.ORDER);
        ChainCheck chain = from.chain().next(tail);
        return new Held(state, List.copyOf(timeline), chain, from.recomputedAt(),
                recomputed ? chain.checked() : from.recomputedVersion(), checkpoint);
    }

    /** Holds {@code fresh} unless a reader at the same time got further; this reader answers with its own. */
    private Held keep(String incidentId, Held fresh) {
        held.asMap().merge(incidentId, fresh, (old, neu) -> neu.version() > old.version()
                || neu.version() == old.version() && neu.recomputedAt().isAfter(old.recomputedAt()) ? neu : old);
        return fresh;
    }
}
