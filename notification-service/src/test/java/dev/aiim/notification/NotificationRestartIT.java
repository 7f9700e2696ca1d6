package dev.aiim.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.notification.ChannelType;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.RoutingPolicy;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service as a real process: an incident's cadence timer is armed, the process is killed
 * (SIGKILL, no shutdown), two hours pass while it is down, and the restarted process sends the overdue
 * reminder exactly once. Runs after {@code package} (failsafe), against the test database and real Kafka.
 */
class NotificationRestartIT {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/notification_test";
    private static final int PORT = 18093;
    private static final int SMTP = 3026;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern WORKER_POLLS = Pattern.compile("^worker_polls_total\\{[^}]*\\} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private final GreenMail mail = new GreenMail(new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private Process service;

    @BeforeEach
    void startMail() {
        mail.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (service != null) {
            service.destroyForcibly().waitFor();
        }
        mail.stop();
        sql("update platform_clock set offset_seconds = 0, version = version + 1, reason = 'restart test done'"
                + " where id = 1");
    }

    @Test
    void a_reminder_that_falls_due_while_the_service_is_killed_is_sent_once_after_the_restart() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String email = "ch-restart-" + u;
        String commander = "cmd-" + u + "@bank.example";
        service = start("first");
        // an email channel and routing that writes to role holders at their incident email
        sql("insert into channel (id, name, data, created_at, updated_at) values (?, ?, cast(? as jsonb), now(), now())",
                email, "restart-" + u, EventJson.write(new NotificationChannel(email, ChannelType.EMAIL, "restart-" + u,
                        null, false, Map.of(), false, Instant.now(), "test")));
        sql("insert into routing_policy (id, data, version, updated_at, updated_by) values (1, cast(? as jsonb), 1,"
                + " now(), 'test') on conflict (id) do update set data = excluded.data, version = routing_policy.version + 1",
                EventJson.write(new RoutingPolicy(Map.of(), null, List.of(), List.of(), null, email, null, 0, null,
                        null)));

        Clock serviceClock = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(clockOffset()));
        IncidentStory story = new IncidentStory("inc-restart-" + u, "sys-none", false, serviceClock);
        story.opened().role(IncidentRole.INCIDENT_COMMANDER, "cmd-" + u, "Cmd", commander).triaged(Severity.SEV2);
        await("role and triage notices").atMost(WAIT).until(() -> mails(commander, story.incidentId) == 2);
        assertThat(query("select count(*) from due_timer where id = ? and fired_at is null", "cadence:" + story.incidentId))
                .isEqualTo(1);

        // killed: no shutdown hook runs; then two hours pass (the service clock moves) before it is back
        service.destroyForcibly().waitFor();
        sql("update platform_clock set offset_seconds = offset_seconds + ?, version = version + 1,"
                + " reason = 'two hours pass while the service is down' where id = 1", Duration.ofHours(2).plusMinutes(1)
                .toSeconds());
        assertThat(mails(commander, story.incidentId)).isEqualTo(2);

        service = start("second");
        await("the overdue reminder").atMost(WAIT).until(() -> mails(commander, story.incidentId) == 3);
        // every worker of the new process looks again: a second reminder would be sent now if it were going to be
        long polled = fewestPolls();
        await("every worker of the restarted service polled twice more").atMost(WAIT)
                .until(() -> fewestPolls() >= polled + 2);
        assertThat(mails(commander, story.incidentId)).isEqualTo(3);
        assertThat(subjects(commander, story.incidentId)).filteredOn(s -> s.contains("Status update overdue")).hasSize(1);
        assertThat(query("select count(*) from delivery where incident_id = ? and reason = 'update-overdue'",
                story.incidentId)).isEqualTo(1);
        assertThat(query("select generation from due_timer where id = ?", "cadence:" + story.incidentId)).isEqualTo(1);
    }

    private Process start(String name) throws Exception {
        String jar = System.getProperty("aiim.service.jar");
        Path log = Path.of(new File(jar).getParentFile().getParent(), "restart-it-" + name + ".log");
        // the test profile empties the database at start; here the rows must outlive the kill
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=test", "-Dquarkus.flyway.clean-at-start=false", "-Dquarkus.http.port=" + PORT,
                "-Dquarkus.mailer.port=" + SMTP,
                "-Daiim.notification.workers.idle=100ms", "-jar", jar)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("the " + name + " process ready (log: " + log + ")").atMost(WAIT).ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }

    private long mails(String address, String incidentId) {
        return subjects(address, incidentId).size();
    }

    private List<String> subjects(String address, String incidentId) {
        return Arrays.stream(mail.getReceivedMessages()).map(m -> {
            try {
                return Arrays.toString(m.getAllRecipients()).contains(address) ? m.getSubject() : "";
            } catch (MessagingException e) {
                throw new IllegalStateException("an unreadable mail in the test's mail server", e);
            }
        }).filter(s -> s.contains("(" + incidentId + ")")).toList();
    }

    /** The polls the least busy background worker of the running process has finished (its Prometheus counters). */
    private static long fewestPolls() throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher polls = WORKER_POLLS.matcher(metrics);
        long fewest = Long.MAX_VALUE;
        while (polls.find()) {
            fewest = Math.min(fewest, (long) Double.parseDouble(polls.group(1)));
        }
        assertThat(fewest).as("the service reports its workers' polls").isLessThan(Long.MAX_VALUE);
        return fewest;
    }

    private static long clockOffset() throws Exception {
        return query("select offset_seconds from platform_clock where id = ?", 1);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(DB, "notification", "notification");
    }

    private static void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static long query(String sql, Object parameter) throws Exception {
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }
}
