package dev.aiim.incident.eventstore;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.integrity.CheckpointTaken;
import dev.aiim.incident.IncidentFixtures;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.incident.service.IntegrityCheckpoints;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.TimeStamps;
import dev.aiim.integrity.testing.TimeStampAuthority;
import dev.aiim.platform.testing.DatabaseOwner;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.aiim.incident.IncidentFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints time-stamped by an RFC 3161 authority (a local one here): stamped before they are published, the
 * stamp reported by the integrity check, and held back, unpublished, while the authority does not answer.
 */
@QuarkusTest
@TestProfile(CheckpointTimeStampTest.WithTimeStampAuthority.class)
class CheckpointTimeStampTest {

    static final TimeStampAuthority TSA = new TimeStampAuthority("Test TSA");

    /** The service with {@code aiim.incident.checkpoints.tsa-url} pointing at {@link #TSA}. */
    public static class WithTimeStampAuthority implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("aiim.incident.checkpoints.tsa-url", TSA.start().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    IncidentCommandService commands;
    @Inject
    IncidentQueryService queries;
    @Inject
    IntegrityCheckpoints checkpoints;

    private String incident() {
        String id = IncidentFixtures.seed(commands, "stamped-" + UUID.randomUUID()).id();
        IncidentFixtures.run(commands, id, new IncidentCommand.RecordFinding("a finding", null, null));
        return id;
    }

    private static String published(String checkpointId) {
        return DatabaseOwner.value("select coalesce(published_at::text, 'unpublished') from integrity_checkpoint"
                + " where checkpoint_id = '" + checkpointId + "'", String.class);
    }

    private static double pending() {
        Matcher value = Pattern.compile("(?m)^outbox_pending_messages\\{outbox=\"integrity-checkpoints\",?\\} (\\S+)$")
                .matcher(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
        return value.find() ? Double.parseDouble(value.group(1)) : -1;
    }

    @Test
    void a_checkpoint_is_stamped_before_it_is_published_and_the_stamp_is_reported() throws Throwable {
        String id = incident();
        CheckpointStatus status = IncidentFixtures.checkpointed(checkpoints, queries, id, 2);
        assertThat(status.matches()).isTrue();
        assertThat(status.stampedBy()).isEqualTo("CN=Test TSA");
        assertThat(status.stampedAt()).isAfterOrEqualTo(status.takenAt().minusSeconds(1));
        var records = KafkaTestClient.readUntil(Topics.INTEGRITY_CHECKPOINTS, r -> status.id().equals(r.key()),
                Duration.ofSeconds(30));
        CheckpointTaken taken = EventJson.read(records.get(0).value(), CheckpointTaken.class);
        String digest = ChainCheckpoint.digest(EventJson.mapper().readTree(taken.checkpoint()));
        assertThat(TimeStamps.verify(taken.timestamp(), digest).valid()).isTrue();
    }

    @Test
    void while_the_authority_does_not_answer_a_checkpoint_waits_unpublished_then_goes_stamped() throws Throwable {
        String id = incident();
        TSA.refuse(true);
        try {
            String checkpointId = IncidentFixtures.checkpointed(checkpoints, queries, id, 2).id();
            assertThat(published(checkpointId)).isEqualTo("unpublished");
            assertThat(await(() -> queries.integrity(id)).checkpoint().stampedAt()).isNull();
            // operators see it waiting: the backlog the relay alert watches
            Awaitility.await("the checkpoint backlog metric").atMost(Duration.ofSeconds(30))
                    .until(() -> pending() >= 1);

            TSA.refuse(false);
            checkpoints.checkpointNow();
            assertThat(published(checkpointId)).isNotEqualTo("unpublished");
            assertThat(await(() -> queries.integrity(id)).checkpoint().stampedBy()).isEqualTo("CN=Test TSA");
            Awaitility.await("the checkpoint backlog drained").atMost(Duration.ofSeconds(30))
                    .until(() -> pending() == 0);
        } finally {
            TSA.refuse(false);
        }
    }
}
