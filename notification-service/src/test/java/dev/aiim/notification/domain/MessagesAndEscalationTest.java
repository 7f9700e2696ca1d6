package dev.aiim.notification.domain;

import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.notification.ChannelType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a message looks on each channel, which step an escalation is at, and where a person is reached. */
class MessagesAndEscalationTest {

    private static final IncidentMessage PAGE = new IncidentMessage("incident.opened", "inc-1",
            "Credit model denies applicants aged 60+", Severity.SEV1, IncidentStatus.DETECTED, "New incident: triage needed",
            "Approval rate for age 60+ fell from 0.62 to 0.18. ".repeat(10), "Acknowledge, then triage.",
            Instant.parse("2026-11-26T10:30:00Z"), "https://incidents.example/inc-1", null, false);

    @Test
    void an_sms_keeps_the_acknowledgement_link_whole_within_two_segments() {
        String link = "https://notifications.example/pages/pg-1/ack?person=ana&token=" + "x".repeat(43);
        String sms = PAGE.withAckLink(link).sms();
        assertThat(sms).hasSizeLessThanOrEqualTo(IncidentMessage.SMS_LIMIT).endsWith(" Ack: " + link)
                .startsWith("[SEV1] New incident: triage needed: Credit model");
    }

    @Test
    void a_drill_says_so_in_the_subject_and_the_body_and_html_is_escaped() {
        IncidentMessage drill = new IncidentMessage("incident.triaged", "inc-2", "<script>alert(1)</script>",
                Severity.SEV2, IncidentStatus.TRIAGED, "Incident confirmed as SEV2", "known", "doing", null, "https://x/inc-2", null,
                true);
        assertThat(drill.subject()).startsWith("[DRILL] [SEV2] ");
        assertThat(drill.text()).contains("Drill: This is a game-day exercise");
        assertThat(drill.html()).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void slack_and_teams_bodies_carry_the_buttons() {
        IncidentMessage page = PAGE.withAckLink("https://n.example/ack");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) page.slack().get("blocks");
        assertThat(blocks.get(0).get("type")).isEqualTo("header");
        assertThat(blocks.get(blocks.size() - 1).toString()).contains("Acknowledge", "https://n.example/ack");
        assertThat(page.teams().toString()).contains("AdaptiveCard", "Action.OpenUrl", "https://n.example/ack");
        assertThat(page.webhook("dlv-1")).containsEntry("deliveryId", "dlv-1").containsEntry("type", "incident.opened");
    }

    @Test
    void escalation_walks_the_levels_round_after_round_then_stops() {
        EscalationPolicy policy = new EscalationPolicy("p", "P", List.of(
                new EscalationPolicy.Level(List.of(new EscalationPolicy.Target(EscalationPolicy.TargetKind.PERSON, "a")), 5),
                new EscalationPolicy.Level(List.of(new EscalationPolicy.Target(EscalationPolicy.TargetKind.PERSON, "b")), 10)),
                1);
        assertThat(policy.step(0)).hasValueSatisfying(s -> assertThat(s.level()).isZero());
        assertThat(policy.step(1)).hasValueSatisfying(s -> assertThat(s.definition().ackTimeoutMinutes()).isEqualTo(10));
        assertThat(policy.step(2)).hasValueSatisfying(s -> {
            assertThat(s.level()).isZero();
            assertThat(s.round()).isEqualTo(1);
        });
        assertThat(policy.step(3)).isPresent();
        assertThat(policy.step(4)).isEmpty();
    }

    @Test
    void a_person_is_reached_on_the_first_usable_contact_point_and_rooms_get_one_message() {
        NotificationChannel sms = channel("ch-sms", ChannelType.SMS);
        NotificationChannel slack = channel("ch-slack", ChannelType.SLACK);
        NotificationChannel email = channel("ch-mail", ChannelType.EMAIL);
        Directory directory = new Directory(Map.of("ch-sms", sms, "ch-slack", slack, "ch-mail", email), Map.of(
                "ana", new PersonProfile("ana", "Ana", false, List.of(new PersonProfile.ContactPoint("ch-gone", null),
                        new PersonProfile.ContactPoint("ch-sms", "+4915100000001"),
                        new PersonProfile.ContactPoint("ch-mail", "ana@bank.example"))),
                "ben", new PersonProfile("ben", "Ben", false,
                        List.of(new PersonProfile.ContactPoint("ch-slack", null))),
                "cem", new PersonProfile("cem", "Cem", false,
                        List.of(new PersonProfile.ContactPoint("ch-slack", null)))),
                new RoutingPolicy(Map.of(), null, List.of(), List.of(), "ch-mail", "ch-mail", null, 0, null, null));
        assertThat(directory.person("ana", 0)).hasValueSatisfying(d -> {
            assertThat(d.channel().id()).isEqualTo("ch-sms");
            assertThat(d.contactIndex()).isEqualTo(1);
        });
        assertThat(directory.person("ana", 2)).hasValueSatisfying(d -> assertThat(d.address()).isEqualTo("ana@bank.example"));
        assertThat(directory.person("ana", 3)).isEmpty();
        assertThat(Directory.distinct(directory.people(List.of("ben", "cem")))).hasSize(1);
        assertThat(directory.roleHolder("stranger", "s@bank.example")).hasValueSatisfying(d -> {
            assertThat(d.channel().id()).isEqualTo("ch-mail");
            assertThat(d.address()).isEqualTo("s@bank.example");
        });
        AiSystem system = new AiSystem("sys", "S", null, "team", new AiSystem.Client("Bank", List.of(
                new AiSystem.Contact("Risk office", "risk@bank.example"), new AiSystem.Contact("No email", null))),
                RiskTier.HIGH, null, List.of(), List.of(), List.of(), null, 1);
        assertThat(directory.client(system)).singleElement()
                .satisfies(d -> assertThat(d.recipient()).isEqualTo("client:risk@bank.example"));
    }

    private static NotificationChannel channel(String id, ChannelType type) {
        return new NotificationChannel(id, type, id, null, false, Map.of(), false, Instant.EPOCH, "admin");
    }
}
