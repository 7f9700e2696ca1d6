package dev.aiim.incident.config;

import dev.aiim.incident.domain.ResponseTargets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** {@code aiim.incident.*}: the event store and the playbook's response targets. */
@ConfigMapping(prefix = "aiim.incident")
public interface IncidentConfig {

    /** Store a snapshot of the incident every this many events (0 turns snapshots off). */
    @WithDefault("50")
    int snapshotEvery();

    /** Response targets (docs/incidents.md); durations in ISO-8601 or Quarkus form (30M, 1H). */
    Targets targets();

    /** The incident view and list. */
    Projection projection();

    /** The relay that publishes stored events to aiim.incident-events.v1. */
    Relay relay();

    /** The responder console (/console). */
    Console console();

    /** Signed checkpoints of the event chains (docs/incidents.md, "Checkpoints"). */
    Checkpoints checkpoints();

    interface Checkpoints {
        /** Take checkpoints in this instance (an advisory lock keeps several instances from taking one at once). */
        @WithDefault("true")
        boolean enabled();

        /** A checkpoint at least this often while events are stored; at once when an incident closes. */
        @WithDefault("PT10M")
        Duration every();

        /** How often to look whether one is due. */
        @WithDefault("PT5S")
        Duration poll();

        /** Events one checkpoint covers at most (its message stays well under Kafka's 1 MB); more go in the next. */
        @WithDefault("2000")
        int maxLeaves();

        /**
         * An RFC 3161 time-stamping authority (its URL, for example a public TSA's): each checkpoint is stamped
         * there before it is published, and waits, unpublished, while the authority does not answer.
         */
        Optional<URI> tsaUrl();

        /** How long to wait for the time-stamping authority's answer. */
        @WithDefault("PT10S")
        Duration tsaTimeout();
    }

    interface Console {
        /**
         * reporting-service as a browser reaches it: the console links an incident's review document and regulator
         * exports there (its signed-in pages under /dashboard).
         */
        @WithDefault("http://127.0.0.1:8084")
        String reportingUrl();

        /**
         * The page's chain check is incremental (each event read once, checked against the head held); after this
         * long the next view reads and recomputes the whole stream again.
         */
        @WithDefault("PT5M")
        Duration recheckAfter();

        /** How many events' worth of incident records the console holds in memory (about 1 KB each). */
        @WithDefault("100000")
        long heldEvents();
    }

    interface Relay {
        /** Run the relay in this instance (an advisory lock keeps several instances from polling at once). */
        @WithDefault("true")
        boolean enabled();

        /** How long to wait after a poll that found less than a full batch. */
        @WithDefault("200ms")
        Duration interval();

        /** Events per poll (one transaction, one round of Kafka acknowledgements). */
        @WithDefault("250")
        int batchSize();
    }

    interface Targets {
        /** Triage within this long of detection. */
        @WithDefault("30M")
        Duration triage();

        /** SEV1 contained within this long of detection. */
        @WithDefault("1H")
        Duration containmentSev1();

        /** SEV2 contained within this long of detection. */
        @WithDefault("4H")
        Duration containmentSev2();

        /** Status updates at least this often for SEV1. */
        @WithDefault("30M")
        Duration updateSev1();

        /** ... for SEV2. */
        @WithDefault("2H")
        Duration updateSev2();

        /** ... for SEV3 (SEV4 has no cadence). */
        @WithDefault("24H")
        Duration updateSev3();
    }

    interface Projection {
        /** Rebuild the incident view from position 0 when the service starts. */
        @WithDefault("false")
        boolean rebuildOnStart();
    }

    default ResponseTargets responseTargets() {
        Targets t = targets();
        return new ResponseTargets(t.triage(), t.containmentSev1(), t.containmentSev2(), t.updateSev1(),
                t.updateSev2(), t.updateSev3());
    }
}
