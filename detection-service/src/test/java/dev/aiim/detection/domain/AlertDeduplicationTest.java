package dev.aiim.detection.domain;

import dev.aiim.contracts.detection.DetectionRaised;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AlertDeduplicationTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Integration SENDER = new Integration("int-1", "prod alertmanager", IntegrationType.ALERTMANAGER,
            "credit-scoring", "abcd", Integration.IntegrationStatus.ACTIVE, NOW, "admin", null, null,
            NormalizationRules.DEFAULTS, null);

    private static InboundAlert firing(String fingerprint) {
        return new InboundAlert(fingerprint, true, "Approval rate gap", Map.of("category", "fairness"), null, null,
                Map.of(), null, null);
    }

    /** Alertmanager's shape: the episode's start comes with every firing and with the resolution. */
    private static InboundAlert episode(String fingerprint, boolean firing, Instant startsAt) {
        return new InboundAlert(fingerprint, firing, "Approval rate gap", Map.of("category", "fairness"), startsAt,
                null, Map.of(), null, startsAt);
    }

    private static AlertDeduplication.Outcome apply(List<InboundAlert> alerts,
                                                    List<AlertDeduplication.OpenDetection> open,
                                                    Map<String, String> latest, Set<String> existing, Instant now) {
        return apply(SENDER, alerts, open, latest, existing, now);
    }

    private static AlertDeduplication.Outcome apply(Integration sender, List<InboundAlert> alerts,
                                                    List<AlertDeduplication.OpenDetection> open,
                                                    Map<String, String> latest, Set<String> existing, Instant now) {
        return AlertDeduplication.apply(alerts.stream().map(a -> AlertDeduplication.arrival(sender, a, now)).toList(),
                new AlertDeduplication.Known(open, latest, existing), WINDOW);
    }

    private static AlertDeduplication.Outcome fresh(List<InboundAlert> alerts, Instant now) {
        return apply(alerts, List.of(), Map.of(), Set.of(), now);
    }

    private static InboundAlert resolved(String fingerprint, Instant endedAt) {
        return new InboundAlert(fingerprint, false, "Approval rate back to normal", Map.of("category", "fairness"), null,
                endedAt, Map.of(), null, null);
    }

    private static AlertDeduplication.OpenDetection open(String id, Instant raisedAt) {
        DetectionRaised original = fresh(List.of(firing("x")), raisedAt).raised().get(0);
        DetectionRaised withId = new DetectionRaised(id, original.correlationKey(), original.dedupKey(),
                original.systemId(), original.category(), original.summary(), original.suggestedSeverity(),
                original.source(), original.integrationId(), original.occurredAt(), original.detectedAt(),
                original.labels(), original.evidence(), false);
        return new AlertDeduplication.OpenDetection("int-1:f1", id, raisedAt, () -> withId);
    }

    @Test
    void a_new_fingerprint_raises_and_a_second_one_in_the_same_request_repeats_it() {
        var outcome = fresh(List.of(firing("f1"), firing("f1")), NOW);

        assertThat(outcome.raised()).hasSize(1);
        DetectionRaised raised = outcome.raised().get(0);
        assertThat(raised.dedupKey()).isEqualTo("int-1:f1");
        assertThat(raised.correlationKey()).isEqualTo("credit-scoring:BIAS_FAIRNESS");
        assertThat(outcome.repeats()).containsExactly(Map.entry(raised.detectionId(), 1));
        assertThat(outcome.detectionIds()).containsExactly(raised.detectionId(), raised.detectionId());
    }

    @Test
    void a_start_the_bounds_on_reported_times_refuse_does_not_become_the_incidents_start() {
        Instant hourAgo = NOW.minus(Duration.ofHours(1));
        for (Instant start : List.of(hourAgo, NOW.plus(Duration.ofHours(1)), NOW.minus(Duration.ofDays(400)),
                Instant.parse("-999999-01-01T00:00:00Z"))) {
            InboundAlert alert = new InboundAlert("f-" + start, true, "gap", Map.of("category", "fairness"), start,
                    null, Map.of(), null, start);
            DetectionRaised raised = fresh(List.of(alert), NOW).raised().get(0);
            assertThat(raised.occurredAt()).as("start %s", start).isEqualTo(start == hourAgo ? hourAgo : null);
        }
    }

    @Test
    void within_the_window_a_firing_alert_is_counted_and_after_it_raises_anew() {
        var recent = List.of(open("d-recent", NOW.minus(Duration.ofMinutes(59))));
        var stale = List.of(open("d-stale", NOW.minus(Duration.ofMinutes(61))));

        var repeat = apply(List.of(firing("f1")), recent, Map.of(), Set.of(), NOW);
        var fresh = apply(List.of(firing("f1")), stale, Map.of(), Set.of(), NOW);

        assertThat(repeat.raised()).isEmpty();
        assertThat(repeat.repeats()).containsExactly(Map.entry("d-recent", 1));
        assertThat(fresh.raised()).hasSize(1);
        assertThat(fresh.detectionIds()).doesNotContain("d-stale");
    }

    @Test
    void a_resolution_closes_the_open_detection_at_the_senders_end_time_and_only_once() {
        Instant ended = NOW.minusSeconds(30);
        var open = List.of(open("d-1", NOW.minus(Duration.ofHours(5))));

        var outcome = apply(List.of(resolved("f1", ended), resolved("f1", null)), open, Map.of(), Set.of(), NOW);

        assertThat(outcome.resolved()).singleElement().satisfies(r -> {
            assertThat(r.detectionId()).isEqualTo("d-1");
            assertThat(r.resolvedAt()).isEqualTo(ended);
            assertThat(r.correlationKey()).isEqualTo("credit-scoring:BIAS_FAIRNESS");
        });
        assertThat(outcome.resolvedAt()).containsExactly(Map.entry("d-1", ended));
        assertThat(outcome.detectionIds()).containsExactly("d-1");
    }

    @Test
    void firing_then_resolving_in_one_request_does_both_and_a_lone_resolution_does_nothing() {
        var both = fresh(List.of(firing("f1"), resolved("f1", null)), NOW);
        var lone = fresh(List.of(resolved("f2", null)), NOW);

        assertThat(both.raised()).hasSize(1);
        assertThat(both.resolved()).singleElement()
                .satisfies(r -> assertThat(r.detectionId()).isEqualTo(both.raised().get(0).detectionId()));
        assertThat(lone.raised()).isEmpty();
        assertThat(lone.resolved()).isEmpty();
        assertThat(lone.detectionIds()).isEmpty();
    }

    /**
     * Fault suite, database outage: the intake's transaction rolled back after Kafka had the detection, the sender
     * heard 503 and sent the alert again, and the retry raised a second detection (a new random id) for one alert.
     */
    @Test
    void a_retry_after_a_rollback_raises_the_same_detection_and_a_new_firing_a_new_one() {
        var first = fresh(List.of(firing("f1")), NOW);
        var retried = fresh(List.of(firing("f1")), NOW.plusSeconds(5));
        String id = first.raised().get(0).detectionId();
        assertThat(retried.raised().get(0).detectionId()).as("nothing was stored: the same detection again")
                .isEqualTo(id);

        // resolved since: the next firing is a new detection, and a retry of that one is the same again
        var next = apply(List.of(firing("f1")), List.of(), Map.of("int-1:f1", id), Set.of(), NOW.plusSeconds(60));
        String nextId = next.raised().get(0).detectionId();
        assertThat(nextId).isNotEqualTo(id);
        assertThat(apply(List.of(firing("f1")), List.of(), Map.of("int-1:f1", id), Set.of(), NOW.plusSeconds(65))
                .raised().get(0).detectionId()).isEqualTo(nextId);
        // one request that fires, resolves and fires again raises two detections
        var twice = fresh(List.of(firing("f2"), resolved("f2", null), firing("f2")), NOW);
        assertThat(twice.raised()).extracting(DetectionRaised::detectionId).doesNotHaveDuplicates().hasSize(2);
        // the same fingerprint from another integration is another alert
        Integration other = new Integration("int-2", "staging alertmanager", IntegrationType.ALERTMANAGER,
                "credit-scoring", "abcd", Integration.IntegrationStatus.ACTIVE, NOW, "admin", null, null,
                NormalizationRules.DEFAULTS, null);
        assertThat(apply(other, List.of(firing("f1")), List.of(), Map.of(), Set.of(), NOW).raised()
                .get(0).detectionId()).isNotEqualTo(id);
    }

    @Test
    void an_episode_is_one_detection_however_often_and_late_it_is_sent_and_its_resolution_closes_it() {
        Instant started = NOW.minus(Duration.ofHours(6));
        var first = fresh(List.of(episode("f1", true, started)), NOW);
        String id = first.raised().get(0).detectionId();
        assertThat(id).isEqualTo(AlertDeduplication.episodeId("int-1:f1", started));
        assertThat(first.raised().get(0).occurredAt()).isEqualTo(started);

        // Alertmanager's repeat hours later, past the dedup window, and the same alert accepted twice: repeats
        var later = apply(List.of(episode("f1", true, started), episode("f1", true, started)),
                List.of(open(id, NOW)), Map.of("int-1:f1", id), Set.of(id), NOW.plus(Duration.ofHours(4)));
        assertThat(later.raised()).isEmpty();
        assertThat(later.repeats()).containsExactly(Map.entry(id, 2));

        // an older episode still open (its resolution was lost) is left alone; the new episode is its own
        Instant again = NOW.plus(Duration.ofHours(5));
        var next = apply(List.of(episode("f1", true, again)), List.of(open(id, NOW)), Map.of("int-1:f1", id),
                Set.of(id), again);
        String nextId = next.raised().get(0).detectionId();
        assertThat(nextId).isNotEqualTo(id).isEqualTo(AlertDeduplication.episodeId("int-1:f1", again));

        // each resolution closes its own episode, and once closed, sending it again changes nothing
        var closed = apply(List.of(episode("f1", false, started)), List.of(open(id, NOW), open(nextId, again)),
                Map.of("int-1:f1", nextId), Set.of(id), again);
        assertThat(closed.resolved()).extracting(r -> r.detectionId()).containsExactly(id);
        var closedAgain = apply(List.of(episode("f1", false, started)), List.of(open(nextId, again)),
                Map.of("int-1:f1", nextId), Set.of(id), again);
        assertThat(closedAgain.resolved()).isEmpty();
        // a resolved episode fired again (a late copy) is a repeat, never a second detection
        var late = apply(List.of(episode("f1", true, started)), List.of(), Map.of("int-1:f1", nextId), Set.of(id),
                again);
        assertThat(late.raised()).isEmpty();
        assertThat(late.repeats()).containsOnlyKeys(id);
    }
}
