package dev.aiim.notification;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.notification.UpdateOverdue;
import dev.aiim.notification.service.NotificationWorkers;
import dev.aiim.notification.service.TimerFiring;
import dev.aiim.platform.testing.KafkaTestClient;
import dev.aiim.platform.time.ClockAdministration;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.aiim.notification.NotificationTestKit.advanceClock;
import static dev.aiim.notification.NotificationTestKit.awaitEveryWorkerPolled;
import static dev.aiim.notification.NotificationTestKit.channel;
import static dev.aiim.notification.NotificationTestKit.count;
import static dev.aiim.notification.NotificationTestKit.inContext;
import static dev.aiim.notification.NotificationTestKit.mailTo;
import static dev.aiim.notification.NotificationTestKit.person;
import static dev.aiim.notification.NotificationTestKit.routing;
import static dev.aiim.notification.NotificationTestKit.subject;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Escalations, update cadences and regulatory deadline reminders against a moved service clock, with timers
 * in PostgreSQL: they fire once, also when they fell due while no worker was running.
 */
@QuarkusTest
class NotificationClocksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Clock clock;
    @Inject
    ClockAdministration clocks;
    @Inject
    NotificationWorkers workers;
    @Inject
    TimerFiring timers;

    @AfterAll
    static void realTimeAgain() {
        ClockAdministration administration = Arc.container().instance(ClockAdministration.class).get();
        inContext(() -> administration.reset(null, "test"));
    }

    /** One email person per name, all on one email channel; answers the channel id. */
    private static String people(String u, String... names) {
        String email = channel("{\"type\": \"EMAIL\", \"name\": \"clock-" + u + "\"}").getString("id");
        for (String name : names) {
            person(name + "-" + u, name, "[{\"channelId\": \"" + email + "\", \"address\": \"" + name + "-" + u
                    + "@bank.example\"}]");
        }
        return email;
    }

    private static List<String> subjects(String address, String incidentId) {
        return mailTo(address, incidentId).stream().map(NotificationTestKit::subject).toList();
    }

    @Test
    @TestSecurity(user = "rita", roles = {"admin", "responder"})
    void an_unacknowledged_page_escalates_level_by_level_and_an_acknowledged_one_stops() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String email = people(u, "ana", "ben");
        NotificationTestKit.post("/api/v1/escalation-policies", "{\"id\": \"pol-" + u + "\", \"name\": \"Two levels\","
                + " \"levels\": [{\"targets\": [{\"kind\": \"PERSON\", \"id\": \"ana-" + u + "\"}], \"ackTimeoutMinutes\": 5},"
                + " {\"targets\": [{\"kind\": \"PERSON\", \"id\": \"ben-" + u + "\"}], \"ackTimeoutMinutes\": 5}]}");
        routing("{\"teamEscalationPolicies\": {\"team-" + u + "\": \"pol-" + u + "\"}, \"defaultEmailChannelId\": \""
                + email + "\"}");
        IncidentStory.registerSystem("sys-" + u, "team-" + u, "client-" + u + "@bank.example");
        await("the AI system replicated").atMost(WAIT)
                .until(() -> count("select count(*) from ai_system where id = ?1", "sys-" + u) == 1);
        String ana = "ana-" + u + "@bank.example";
        String ben = "ben-" + u + "@bank.example";

        new IncidentStory("inc-a-" + u, "sys-" + u, false, clock).opened();
        await("Ana paged").atMost(WAIT).until(() -> mailTo(ana).size() == 1);
        assertThat(mailTo(ben)).isEmpty();

        advanceClock(clocks, Duration.ofMinutes(6));
        await("the page escalated to Ben").atMost(WAIT).until(() -> mailTo(ben).size() == 1);
        assertThat(subjects(ben, "inc-a-" + u).get(0)).contains("New incident: triage needed (escalated, step 2)");

        advanceClock(clocks, Duration.ofMinutes(6));
        await("the page exhausted").atMost(WAIT).until(() -> pageStatus("inc-a-" + u).equals("EXHAUSTED"));
        assertThat(mailTo(ana)).hasSize(1);
        assertThat(mailTo(ben)).hasSize(1);

        // a second incident: Ana acknowledges through the API, and Ben is never paged
        new IncidentStory("inc-b-" + u, "sys-" + u, false, clock).opened();
        await("Ana paged for the second incident").atMost(WAIT).until(() -> mailTo(ana).size() == 2);
        String pageId = given().queryParam("incidentId", "inc-b-" + u).get("/api/v1/pages").then().statusCode(200)
                .extract().path("[0].id");
        given().post("/api/v1/pages/" + pageId + "/ack").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("rita"));
        given().post("/api/v1/pages/" + pageId + "/ack").then().statusCode(200)
                .body("acknowledgedBy", equalTo("rita"));
        advanceClock(clocks, Duration.ofMinutes(6));
        assertThat(count("select count(*) from due_timer where id = ?1", "escalation:" + pageId)).isZero();
        awaitEveryWorkerPolled(workers); // timers due at the moved time would have fired by now
        assertThat(mailTo(ben)).hasSize(1);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_cadence_that_fires_late_sends_one_reminder_counting_every_missed_period() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String email = people(u, "cmd", "com", "lead");
        routing("{\"leadership\": [\"lead-" + u + "\"], \"defaultEmailChannelId\": \"" + email + "\"}");
        String cmd = "cmd-" + u + "@bank.example";
        IncidentStory story = new IncidentStory("inc-" + u, "sys-none", false, clock);
        story.opened().role(IncidentRole.INCIDENT_COMMANDER, "cmd-" + u, "Cmd", null).triaged(Severity.SEV1);
        await("role and triage notices to the commander").atMost(WAIT)
                .until(() -> mailTo(cmd, story.incidentId).size() == 2);

        // the service was away for 100 minutes of a 30-minute cadence: due at 30, and 60 and 90 passed too
        advanceClock(clocks, Duration.ofMinutes(100));
        await("one overdue reminder to the commander").atMost(WAIT)
                .until(() -> mailTo(cmd, story.incidentId).size() == 3);
        assertThat(NotificationTestKit.text(mailTo(cmd, story.incidentId).get(2)))
                .contains("3 updates are missed (SEV1 cadence: every 30 min)");
        awaitEveryWorkerPolled(workers); // a burst of catch-up reminders would have gone out by now
        assertThat(mailTo(cmd, story.incidentId)).hasSize(3);
        assertThat(count("select cast(missed_updates as bigint) from incident_snapshot where incident_id = ?1",
                "inc-" + u)).isEqualTo(3);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void an_overdue_update_reminds_commander_and_comms_lead_and_after_two_misses_leadership() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String email = people(u, "cmd", "com", "lead");
        routing("{\"leadership\": [\"lead-" + u + "\"], \"defaultEmailChannelId\": \"" + email + "\"}");
        String cmd = "cmd-" + u + "@bank.example";
        String com = "com-" + u + "@bank.example";
        String lead = "lead-" + u + "@bank.example";
        IncidentStory story = new IncidentStory("inc-" + u, "sys-none", false, clock);
        story.opened().role(IncidentRole.INCIDENT_COMMANDER, "cmd-" + u, "Cmd", null)
                .role(IncidentRole.COMMUNICATIONS_LEAD, "com-" + u, "Com", null).triaged(Severity.SEV1);
        await("role and triage notices to commander, comms lead and leadership").atMost(WAIT)
                .until(() -> mailTo(cmd, story.incidentId).size() == 2 && mailTo(com, story.incidentId).size() == 2
                        && mailTo(lead, story.incidentId).size() == 1);

        advanceClock(clocks, Duration.ofMinutes(31));
        await("the first overdue reminder to commander and comms lead").atMost(WAIT)
                .until(() -> mailTo(cmd, story.incidentId).size() == 3 && mailTo(com, story.incidentId).size() == 3);
        assertThat(subjects(cmd, story.incidentId).get(2)).isEqualTo("[SEV1] Status update overdue: Credit model denies applicants"
                + " aged 60+ (inc-" + u + ")");
        assertThat(NotificationTestKit.text(mailTo(cmd, story.incidentId).get(2))).contains("1 update is missed (SEV1 cadence: every 30 min)");
        assertThat(mailTo(lead, story.incidentId)).hasSize(1);
        List<ConsumerRecord<String, String>> overdue = KafkaTestClient.readUntil(Topics.NOTIFICATIONS,
                r -> "update.overdue.v1".equals(KafkaTestClient.header(r, "ce_type")) && r.key().equals(story.incidentId),
                WAIT);
        assertThat(overdue).hasSize(1);
        UpdateOverdue reminder = EventJson.read(overdue.get(0).value(), UpdateOverdue.class);
        assertThat(reminder.missedUpdates()).isEqualTo(1);
        assertThat(reminder.severity()).isEqualTo(Severity.SEV1);

        advanceClock(clocks, Duration.ofMinutes(30));
        await("the second miss told to leadership").atMost(WAIT)
                .until(() -> mailTo(lead, story.incidentId).size() == 2);
        assertThat(subjects(lead, story.incidentId).get(1)).contains("Status update overdue");
        await("the second reminder to the commander").atMost(WAIT)
                .until(() -> mailTo(cmd, story.incidentId).size() == 4);

        // an update restarts the clock: nothing missed, the next reminder a full period away
        story.statusUpdate(Audience.INTERNAL, "Rollback to 2.2.1 under way");
        await("the status update sent").atMost(WAIT).until(() -> mailTo(cmd, story.incidentId).size() == 5);
        assertThat(count("select count(*) from due_timer where id = ?1 and generation = 0 and fired_at is null",
                "cadence:inc-" + u)).isEqualTo(1);
        assertThat(count("select cast(missed_updates as bigint) from incident_snapshot where incident_id = ?1",
                "inc-" + u)).isZero();
        advanceClock(clocks, Duration.ofMinutes(20));
        awaitEveryWorkerPolled(workers); // 20 of 30 minutes: nothing is due
        assertThat(mailTo(cmd, story.incidentId)).hasSize(5);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void regulatory_deadlines_remind_compliance_at_half_four_fifths_and_the_deadline() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String email = people(u, "dpo");
        routing("{\"compliance\": [\"dpo-" + u + "\"], \"defaultEmailChannelId\": \"" + email + "\"}");
        String dpo = "dpo-" + u + "@bank.example";
        Instant start = clock.instant();
        IncidentStory story = new IncidentStory("inc-" + u, "sys-none", false, clock);
        story.opened().triaged(Severity.SEV3).assessed(List.of(new RegulatoryDeadline("gdpr-art33",
                "notify the supervisory authority", start, start.plus(Duration.ofHours(10)))));
        await("the assessment told to the DPO").atMost(WAIT).until(() -> mailTo(dpo, story.incidentId).size() == 1);
        assertThat(subjects(dpo, story.incidentId).get(0)).contains("Regulatory assessment recorded");

        advanceClock(clocks, Duration.ofHours(5).plusMinutes(1));
        await("the 50 % reminder").atMost(WAIT).until(() -> mailTo(dpo, story.incidentId).size() == 2);
        assertThat(subjects(dpo, story.incidentId).get(1)).contains("Regulatory deadline 50 % elapsed: gdpr-art33");

        advanceClock(clocks, Duration.ofHours(5));
        await("the 80 % and deadline reminders").atMost(WAIT).until(() -> mailTo(dpo, story.incidentId).size() == 4);
        assertThat(subjects(dpo, story.incidentId)).anyMatch(s -> s.contains("Regulatory deadline 80 % elapsed: gdpr-art33"))
                .anyMatch(s -> s.contains("Regulatory deadline reached: gdpr-art33"));
        // the same assessment seen again arms nothing new: reminders already sent stay sent
        story.replayUnderNewIds();
        await("the replayed assessment applied").atMost(WAIT)
                .until(() -> count("select count(*) from processed_message where message_id = ?1",
                "inc-" + u + "-e3-again") == 1);
        assertThat(count("select count(*) from due_timer where incident_id = ?1 and id like 'deadline:%'"
                + " and fired_at is null", "inc-" + u)).isZero();
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_submitted_report_stops_its_clocks_reminders_and_the_nis2_notification_starts_the_final_reports()
            throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String email = people(u, "ciso");
        routing("{\"compliance\": [\"ciso-" + u + "\"], \"defaultEmailChannelId\": \"" + email + "\"}");
        String ciso = "ciso-" + u + "@bank.example";
        Instant start = clock.instant();
        IncidentStory story = new IncidentStory("inc-" + u, "sys-none", false, clock);
        story.opened().triaged(Severity.SEV2).assessed(List.of(
                new RegulatoryDeadline("nis2-art23-early-warning", "early warning", start,
                        start.plus(Duration.ofHours(24))),
                new RegulatoryDeadline("nis2-art23-notification", "notification", start,
                        start.plus(Duration.ofHours(72))),
                new RegulatoryDeadline("nis2-art23-final-report", "final report", start,
                        start.plus(Duration.ofDays(33)))));
        await("the assessment told").atMost(WAIT).until(() -> mailTo(ciso, story.incidentId).size() == 1);
        String early = "deadline:inc-" + u + ":nis2-art23-early-warning:%";
        assertThat(count("select count(*) from due_timer where id like ?1 and fired_at is null", early)).isPositive();

        story.submitted("nis2", "EARLY_WARNING", List.of("nis2-art23-early-warning"), null);
        await("the submission told").atMost(WAIT).until(() -> mailTo(ciso, story.incidentId).size() == 2);
        assertThat(subjects(ciso, story.incidentId).get(1)).contains("Report submitted: nis2 early warning");
        assertThat(count("select count(*) from due_timer where id like ?1 and fired_at is null", early)).isZero();
        assertThat(count("select count(*) from due_timer where id like ?1 and fired_at is null",
                "deadline:inc-" + u + ":nis2-art23-notification:%")).as("the other clocks still run").isPositive();

        // the notification: its own reminders stop, the final report's month starts from it
        Instant finalDue = clock.instant().plus(Duration.ofDays(30));
        story.submitted("nis2", "NOTIFICATION", List.of("nis2-art23-notification"), new RegulatoryDeadline(
                "nis2-art23-final-report", "final report one month after the notification", clock.instant(), finalDue));
        await("the second submission told").atMost(WAIT).until(() -> mailTo(ciso, story.incidentId).size() == 3);
        assertThat(count("select count(*) from due_timer where id like ?1 and fired_at is null",
                "deadline:inc-" + u + ":nis2-art23-notification:%")).isZero();
        assertThat(count("select count(*) from due_timer where id like ?1 and fired_at is null",
                "deadline:inc-" + u + ":nis2-art23-final-report:%:" + finalDue.getEpochSecond() + ":%"))
                .as("reminders of the final report counted from the notification").isPositive();
        assertThat(count("select count(*) from due_timer where id like ?1 and fired_at is null",
                "deadline:inc-" + u + ":nis2-art23-final-report:%")).as("only the new month's reminders")
                .isEqualTo(count("select count(*) from due_timer where id like ?1 and fired_at is null",
                        "deadline:inc-" + u + ":nis2-art23-final-report:%:" + finalDue.getEpochSecond() + ":%"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void a_reminder_due_while_no_worker_ran_is_sent_once_when_they_are_back() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String email = people(u, "cmd");
        routing("{\"defaultEmailChannelId\": \"" + email + "\"}");
        String cmd = "cmd-" + u + "@bank.example";
        IncidentStory story = new IncidentStory("inc-" + u, "sys-none", false, clock);
        workers.stop();
        try {
            story.opened().role(IncidentRole.INCIDENT_COMMANDER, "cmd-" + u, "Cmd", null).triaged(Severity.SEV2);
            await("the cadence timer armed").atMost(WAIT)
                    .until(() -> count("select count(*) from due_timer where id = ?1",
                    "cadence:inc-" + u) == 1);
            advanceClock(clocks, Duration.ofHours(2).plusMinutes(1)); // due now, and no worker runs to fire it
            assertThat(count("select count(*) from due_timer where id = ?1 and fired_at is null and generation = 0",
                    "cadence:inc-" + u)).isEqualTo(1);
            assertThat(count("select count(*) from delivery where incident_id = ?1 and reason = 'update-overdue'",
                    "inc-" + u)).isZero();
            assertThat(mailTo(cmd, story.incidentId)).isEmpty();

            // two replicas come back at once: both look for due timers, only one fires each
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> inContext(timers::fireDue));
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> inContext(timers::fireDue));
            first.get();
            second.get();
        } finally {
            workers.start();
        }
        await("role, triage and one reminder").atMost(WAIT).until(() -> mailTo(cmd, story.incidentId).size() == 3);
        awaitEveryWorkerPolled(workers); // a second reminder would have gone out by now
        assertThat(count("select count(*) from delivery where incident_id = ?1 and reason = 'update-overdue'",
                "inc-" + u)).isEqualTo(1);
        assertThat(subjects(cmd, story.incidentId).stream().filter(s -> s.contains("Status update overdue"))).hasSize(1);
        assertThat(count("select cast(generation as bigint) from due_timer where id = ?1", "cadence:inc-" + u)).isEqualTo(1);
    }

    private static String pageStatus(String incidentId) {
        List<String> statuses = given().queryParam("incidentId", incidentId).get("/api/v1/pages").then()
                .statusCode(200).extract().path("status");
        return statuses.isEmpty() ? "" : statuses.get(0);
    }

}
