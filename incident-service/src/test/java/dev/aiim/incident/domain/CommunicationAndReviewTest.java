package dev.aiim.incident.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.ActionItemKind;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.ResolutionStepKind;
import dev.aiim.incident.domain.IncidentCommand.AddActionItem;
import dev.aiim.incident.domain.IncidentCommand.AttachSignal;
import dev.aiim.incident.domain.IncidentCommand.CloseIncident;
import dev.aiim.incident.domain.IncidentCommand.CompleteActionItem;
import dev.aiim.incident.domain.IncidentCommand.DraftReview;
import dev.aiim.incident.domain.IncidentCommand.PostStatusUpdate;
import dev.aiim.incident.domain.IncidentCommand.PublishReview;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.aiim.incident.domain.IncidentRefusal.Kind.ILLEGAL_TRANSITION;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.NOT_FOUND;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.NOT_PERMITTED;
import static dev.aiim.incident.domain.IncidentRefusal.Kind.RULE_VIOLATION;
import static dev.aiim.incident.domain.Scenario.COMMANDER;
import static dev.aiim.incident.domain.Scenario.DETECTED;
import static dev.aiim.incident.domain.Scenario.NOW;
import static dev.aiim.incident.domain.Scenario.RESPONDER;
import static dev.aiim.incident.domain.Scenario.SENIOR;
import static dev.aiim.incident.domain.Scenario.commander;
import static dev.aiim.incident.domain.Scenario.contained;
import static dev.aiim.incident.domain.Scenario.given;
import static dev.aiim.incident.domain.Scenario.opened;
import static dev.aiim.incident.domain.Scenario.resolved;
import static dev.aiim.incident.domain.Scenario.rollback;
import static dev.aiim.incident.domain.Scenario.step;
import static dev.aiim.incident.domain.Scenario.triaged;
import static org.assertj.core.api.Assertions.assertThat;

/** Playbook phases 1, 6 and 7 in the aggregate: signals, status updates, review, action items, closing. */
class CommunicationAndReviewTest {

    private static final IncidentEvent COMMS_LEAD = new IncidentEvent.RoleAssigned(IncidentRole.COMMUNICATIONS_LEAD,
            new Person("comms", "Cam Comms", null, false), null, DETECTED, COMMANDER);
    private static final PostIncidentReview REVIEW = new PostIncidentReview("encoding change denied 60+",
            "1,412 applicants", null, "schema drift", List.of("why 1"), null, List.of("monitor fairness"));

    private static Scenario resolvedSev2(IncidentEvent... more) {
        List<IncidentEvent> events = new java.util.ArrayList<>(List.of(opened(), commander(SENIOR),
                triaged(Severity.SEV2), rollback(true), contained(), step(ResolutionStepKind.FIX_TESTED),
                step(ResolutionStepKind.FIX_DEPLOYED), resolved()));
        events.addAll(List.of(more));
        return given(events.toArray(IncidentEvent[]::new));
    }

    @Nested
    class Signals {

        private AttachSignal signal(String detectionId) {
            return new AttachSignal(detectionId, DetectionSource.ALERT, "approval rate alert", "credit-model:BIAS_FAIRNESS",
                    NOW, Severity.SEV2, Map.of("group", "60+"));
        }

        @Test
        void a_second_detection_joins_the_open_incident_with_its_evidence() {
            Incident incident = given(opened()).after(signal("det-2"), Scenario.SYSTEM);
            assertThat(incident.signals()).extracting(Incident.Signal::detectionId).containsExactly("det-1", "det-2");
            assertThat(incident.signals().get(1).evidence()).containsEntry("group", "60+");
        }

        @Test
        void the_same_detection_does_not_join_twice() {
            assertThat(given(opened()).refused(signal("det-1"), Scenario.SYSTEM).kind()).isEqualTo(RULE_VIOLATION);
        }

        /** The opening detection and 99 more: the incident's full share of attached signals. */
        private Scenario full() {
            List<IncidentEvent> events = new java.util.ArrayList<>(List.of(opened()));
            for (int i = 2; i <= Incident.ATTACHED_SIGNALS; i++) {
                events.add(new IncidentEvent.SignalAttached("det-" + i, DetectionSource.ALERT, "approval rate alert",
                        "credit-model:BIAS_FAIRNESS", NOW, Severity.SEV2, null));
            }
            return given(events.toArray(IncidentEvent[]::new));
        }

        @Test
        void past_its_share_an_alert_is_counted_not_attached() {
            List<IncidentEvent> events = full().when(signal("det-101"), Scenario.SYSTEM);
            assertThat(events).singleElement().isEqualTo(new IncidentEvent.SignalsCounted(1,
                    List.of(DetectionSource.ALERT), "credit-model:BIAS_FAIRNESS", NOW, NOW, "det-101",
                    "approval rate alert"));
            Incident incident = full().after(signal("det-101"), Scenario.SYSTEM);
            assertThat(incident.signals()).hasSize(Incident.ATTACHED_SIGNALS);
            assertThat(incident.signalsCounted()).isEqualTo(1);
            assertThat(incident.signalCount()).isEqualTo(Incident.ATTACHED_SIGNALS + 1);
        }

        @Test
        void past_its_share_a_persons_report_is_still_attached() {
            AttachSignal report = new AttachSignal("report-1", DetectionSource.STAKEHOLDER_REPORT, "a customer wrote",
                    "credit-model:BIAS_FAIRNESS", NOW, null, Map.of());
            Incident incident = full().after(report, Scenario.SYSTEM);
            assertThat(incident.signals()).hasSize(Incident.ATTACHED_SIGNALS + 1).last()
                    .extracting(Incident.Signal::detectionId).isEqualTo("report-1");
            assertThat(incident.signalsCounted()).isZero();
        }

        @Test
        void two_counts_make_one_with_the_span_of_both() {
            IncidentEvent.SignalsCounted earlier = new IncidentEvent.SignalsCounted(3, List.of(DetectionSource.ALERT),
                    "k", NOW, NOW.plusSeconds(5), "det-a", "first");
            IncidentEvent.SignalsCounted later = new IncidentEvent.SignalsCounted(2, List.of(DetectionSource.MONITOR,
                    DetectionSource.ALERT), "k", NOW.minusSeconds(1), NOW.plusSeconds(3), "det-b", "second");
            assertThat(earlier.plus(later)).isEqualTo(new IncidentEvent.SignalsCounted(5,
                    List.of(DetectionSource.ALERT, DetectionSource.MONITOR), "k", NOW.minusSeconds(1),
                    NOW.plusSeconds(5), "det-b", "second"));
            assertThat(IncidentDecider.fold(full().state(), "i", List.of(earlier.plus(later))).signalsCounted())
                    .isEqualTo(IncidentDecider.fold(full().state(), "i", List.of(earlier, later)).signalsCounted())
                    .isEqualTo(5);
        }

        @Test
        void a_closed_incident_takes_no_signals() {
            assertThat(given(opened(), new IncidentEvent.IncidentDismissed("noise", NOW, COMMANDER))
                    .refused(signal("det-2"), Scenario.SYSTEM).kind()).isEqualTo(ILLEGAL_TRANSITION);
        }
    }

    @Nested
    class StatusUpdates {

        private PostStatusUpdate update(Audience audience) {
            return new PostStatusUpdate(audience, "one group denied", "rolled back", NOW.plus(Duration.ofMinutes(30)));
        }

        @Test
        void the_first_client_update_of_a_sev1_needs_a_communications_lead() {
            Scenario sev1 = given(opened(), commander(SENIOR), triaged(Severity.SEV1));
            IncidentRefusal refusal = sev1.refused(update(Audience.CLIENT));
            assertThat(refusal.kind()).isEqualTo(RULE_VIOLATION);
            assertThat(refusal.getMessage()).contains("communications lead");
            assertThat(sev1.refused(update(Audience.LEADERSHIP)).kind()).isEqualTo(RULE_VIOLATION);
        }

        @Test
        void internal_updates_need_no_communications_lead() {
            Incident incident = given(opened(), commander(SENIOR), triaged(Severity.SEV1)).after(update(Audience.INTERNAL));
            assertThat(incident.statusUpdates()).singleElement().extracting(Incident.StatusUpdate::audience)
                    .isEqualTo(Audience.INTERNAL);
        }

        @Test
        void with_a_communications_lead_the_client_hears() {
            Incident incident = given(opened(), commander(SENIOR), triaged(Severity.SEV1), COMMS_LEAD)
                    .after(update(Audience.CLIENT));
            assertThat(incident.statusUpdates()).hasSize(1);
        }

        @Test
        void a_sev3_client_update_needs_no_communications_lead() {
            assertThat(given(opened(), triaged(Severity.SEV3)).when(update(Audience.CLIENT))).hasSize(1);
        }

        @Test
        void the_communications_lead_may_post_without_the_commander_role() {
            var lead = new dev.aiim.contracts.Actor("comms", "Cam Comms", List.of("responder"));
            assertThat(given(opened(), triaged(Severity.SEV3), COMMS_LEAD).when(update(Audience.CLIENT), lead))
                    .hasSize(1);
            assertThat(given(opened(), triaged(Severity.SEV3)).refused(update(Audience.CLIENT), RESPONDER).kind())
                    .isEqualTo(NOT_PERMITTED);
        }

        @Test
        void the_next_update_is_due_by_the_severity_cadence_or_the_promised_time() {
            ResponseTargets targets = ResponseTargets.PLAYBOOK;
            Incident sev1 = given(opened(), commander(SENIOR), triaged(Severity.SEV1)).state();
            assertThat(targets.nextUpdateDue(sev1)).isEqualTo(sev1.triagedAt().plus(Duration.ofMinutes(30)));
            assertThat(targets.overdue(sev1, sev1.triagedAt().plus(Duration.ofMinutes(31))))
                    .contains(ResponseTargets.Phase.STATUS_UPDATE);

            Incident sev2 = given(opened(), commander(SENIOR), triaged(Severity.SEV2), COMMS_LEAD,
                    new IncidentEvent.StatusUpdatePosted("u1", Audience.CLIENT, "k", "d", NOW.plus(Duration.ofMinutes(45)),
                            NOW, COMMANDER)).state();
            assertThat(targets.nextUpdateDue(sev2)).isEqualTo(NOW.plus(Duration.ofMinutes(45)));

            Incident sev3 = given(opened(), triaged(Severity.SEV3)).state();
            assertThat(targets.nextUpdateDue(sev3)).isEqualTo(sev3.triagedAt().plus(Duration.ofHours(24)));
            assertThat(targets.nextUpdateDue(given(opened(), triaged(Severity.SEV4)).state())).isNull();
            assertThat(targets.nextUpdateDue(resolvedSev2().state())).isNull();
        }
    }

    @Nested
    class Review {

        @Test
        void closing_a_sev2_needs_the_review_published_and_then_it_closes() {
            assertThat(resolvedSev2().refused(new CloseIncident("done")).kind()).isEqualTo(RULE_VIOLATION);
            assertThat(resolvedSev2(new IncidentEvent.ReviewDrafted(REVIEW, NOW, COMMANDER))
                    .refused(new CloseIncident("done")).getMessage()).contains("published post-incident review");

            Incident closed = resolvedSev2(new IncidentEvent.ReviewDrafted(REVIEW, NOW, COMMANDER),
                    new IncidentEvent.ReviewPublished(REVIEW, NOW, COMMANDER)).after(new CloseIncident("done"));
            assertThat(closed.status()).isEqualTo(IncidentStatus.CLOSED);
        }

        @Test
        void a_review_is_drafted_then_published() {
            Incident drafted = resolvedSev2().after(new DraftReview(REVIEW));
            assertThat(drafted.review().content()).isEqualTo(REVIEW);
            assertThat(drafted.reviewPublished()).isFalse();
            Incident published = resolvedSev2(new IncidentEvent.ReviewDrafted(REVIEW, NOW, COMMANDER))
                    .after(new PublishReview());
            assertThat(published.reviewPublished()).isTrue();
            assertThat(published.review().publishedAt()).isEqualTo(NOW);
        }

        @Test
        void nothing_to_publish_without_a_draft() {
            assertThat(resolvedSev2().refused(new PublishReview()).getMessage()).contains("draft it first");
        }

        @Test
        void the_review_is_published_after_resolution() {
            assertThat(given(opened(), triaged(Severity.SEV3), new IncidentEvent.ReviewDrafted(REVIEW, NOW, COMMANDER))
                    .refused(new PublishReview()).kind()).isEqualTo(ILLEGAL_TRANSITION);
        }

        @Test
        void a_published_review_is_not_redrafted() {
            assertThat(resolvedSev2(new IncidentEvent.ReviewDrafted(REVIEW, NOW, COMMANDER),
                    new IncidentEvent.ReviewPublished(REVIEW, NOW, COMMANDER)).refused(new DraftReview(REVIEW)).kind())
                    .isEqualTo(RULE_VIOLATION);
        }
    }

    @Nested
    class ActionItems {

        private final AddActionItem item = new AddActionItem("schema contract on age_band", "data-platform",
                LocalDate.of(2026, 4, 1), ActionItemKind.PREVENT);

        @Test
        void items_are_added_and_completed_even_after_closing() {
            Scenario closed = resolvedSev2(new IncidentEvent.ReviewDrafted(REVIEW, NOW, COMMANDER),
                    new IncidentEvent.ReviewPublished(REVIEW, NOW, COMMANDER),
                    new IncidentEvent.IncidentClosed("done", NOW, COMMANDER));
            List<IncidentEvent> added = closed.when(item, RESPONDER);
            String id = ((IncidentEvent.ActionItemAdded) added.get(0)).itemId();

            List<IncidentEvent> all = new java.util.ArrayList<>(added);
            Incident withItem = IncidentDecider.fold(closed.state(), Scenario.ID, all);
            Incident done = IncidentDecider.fold(withItem, Scenario.ID, IncidentDecider.decide(withItem,
                    new CompleteActionItem(id), new CommandContext(RESPONDER,
                            NOW, () -> "x")));
            assertThat(done.actionItems()).singleElement().satisfies(i -> {
                assertThat(i.completedAt()).isEqualTo(NOW);
                assertThat(i.kind()).isEqualTo(ActionItemKind.PREVENT);
            });
        }

        @Test
        void an_unknown_item_is_not_found_and_a_done_item_is_not_done_twice() {
            Scenario withItem = given(opened(), triaged(Severity.SEV3), new IncidentEvent.ActionItemAdded("ai-1", "t",
                    "o", LocalDate.of(2026, 4, 1), ActionItemKind.DETECT, NOW, COMMANDER));
            assertThat(withItem.refused(new CompleteActionItem("nope")).kind()).isEqualTo(NOT_FOUND);
            Scenario done = given(opened(), triaged(Severity.SEV3), new IncidentEvent.ActionItemAdded("ai-1", "t",
                    "o", LocalDate.of(2026, 4, 1), ActionItemKind.DETECT, NOW, COMMANDER),
                    new IncidentEvent.ActionItemCompleted("ai-1", NOW, COMMANDER));
            assertThat(done.refused(new CompleteActionItem("ai-1")).kind()).isEqualTo(RULE_VIOLATION);
        }
    }
}
