package dev.aiim.incident.service;

import dev.aiim.contracts.Severity;
import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.TriageDecision;
import dev.aiim.incident.eventstore.IncidentEventStore;
import dev.aiim.incident.projection.TimelineItem;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static dev.aiim.incident.IncidentFixtures.asOwner;
import static dev.aiim.incident.IncidentFixtures.await;
import static dev.aiim.incident.IncidentFixtures.rewriteDescription;
import static dev.aiim.incident.IncidentFixtures.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's held records against the real PostgreSQL: brought up to date from the events stored after them,
 * equal to the projected view and the full recompute, and read again in full once the recheck time has passed.
 */
@QuarkusTest
class IncidentRecordCacheTest {

    @Inject
    IncidentCommandService commands;
    @Inject
    IncidentQueryService queries;
    @Inject
    IncidentEventStore store;
    @Inject
    IncidentConfig config;
    @Inject
    Pool pool;
    @Inject
    IntegrityCheckpoints checkpoints;

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_held_record_takes_in_what_was_stored_after_it_and_matches_the_view_and_the_full_recompute() {
        TestClock clock = new TestClock();
        IncidentRecordCache records = new IncidentRecordCache(store, config, clock, checkpoints, pool);
        String id = IncidentFixtures.seed(commands, "records-" + UUID.randomUUID()).id();

        IncidentRecordCache.IncidentRecord first = await(() -> records.record(id));
        assertThat(first.state().version()).isEqualTo(1);
        assertThat(first.integrity().valid()).isTrue();
        assertThat(first.checkedSince()).isZero();

        IncidentFixtures.run(commands, id, new IncidentCommand.TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3,
                "one group's approvals halved", null));
        IncidentFixtures.run(commands, id, new IncidentCommand.AddTimelineEntry(Instant.now().minusSeconds(3600),
                "first complaint came in an hour ago"));
        IncidentRecordCache.IncidentRecord later = await(() -> records.record(id));

        assertThat(later.state()).as("the held state folded forward equals the projected view")
                .isEqualTo(await(() -> queries.current(id)));
        assertThat(later.checkedSince()).as("the two new events were checked against the held head").isEqualTo(2);
        assertThat(later.recomputedAt()).isEqualTo(first.recomputedAt());
        assertThat(later.integrity()).as("incremental and full recompute agree")
                .isEqualTo(await(() -> queries.integrity(id)));
        assertThat(later.timeline()).as("the timeline in its order, the back-dated entry first")
                .isEqualTo(await(() -> queries.timeline(id)))
                .extracting(TimelineItem::version).containsExactly(3L, 1L, 2L);
    }

    @Test
    void a_change_in_storage_shows_as_a_broken_chain_once_the_recheck_time_has_passed() {
        TestClock clock = new TestClock();
        IncidentRecordCache records = new IncidentRecordCache(store, config, clock, checkpoints, pool);
        String id = IncidentFixtures.seed(commands, "records-" + UUID.randomUUID()).id();
        IncidentFixtures.run(commands, id, new IncidentCommand.TriageIncident(TriageDecision.CONFIRMED, Severity.SEV3,
                "real", null));
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("original finding", null, null));
        assertThat(await(() -> records.record(id)).integrity().valid()).isTrue();

        String original = sql("select payload->>'description' from incident_event where stream_id = '" + id
                + "' and version = 3", String.class);
        try {
            asOwner(rewriteDescription(id, 3, "softened"));
            // held events are not read again until the recheck is due (the integrity API reads them every time)
            assertThat(await(() -> records.record(id)).integrity().valid()).isTrue();
            assertThat(await(() -> queries.integrity(id)).valid()).isFalse();

            clock.now = clock.now.plus(config.console().recheckAfter());
            IncidentRecordCache.IncidentRecord rechecked = await(() -> records.record(id));
            assertThat(rechecked.integrity().valid()).isFalse();
            assertThat(rechecked.integrity().firstInvalidVersion()).isEqualTo(3);
            assertThat(rechecked.recomputedAt()).isEqualTo(clock.now);
            assertThat(rechecked.checkedSince()).isZero();
        } finally {
            asOwner(rewriteDescription(id, 3, original));
        }
        clock.now = clock.now.plus(config.console().recheckAfter());
        assertThat(await(() -> records.record(id)).integrity().valid()).isTrue();
    }

    @Test
    void an_unknown_incident_is_not_found() {
        IncidentRecordCache records = new IncidentRecordCache(store, config, Clock.systemUTC(), checkpoints, pool);
        assertThatThrownBy(() -> await(() -> records.record(UUID.randomUUID().toString())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void the_recheck_is_minutes_by_default() {
        assertThat(config.console().recheckAfter()).isEqualTo(Duration.ofMinutes(5));
    }
}
