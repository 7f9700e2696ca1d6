package dev.aiim.detection;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.detection.messaging.IncidentLinkConsumer;
import dev.aiim.platform.testing.ConsumerContractTests;
import dev.aiim.platform.testing.SampleEvents;
import io.quarkus.test.junit.QuarkusTest;

/** Incident events from the real broker link a detection to its incident once; unreadable ones are dead-lettered. */
@QuarkusTest
class IncidentLinkConsumerTest extends ConsumerContractTests {

    IncidentLinkConsumerTest() {
        super(Topics.INCIDENT_EVENTS, "detection-service", IncidentLinkConsumer.CONSUMER);
    }

    @Override
    protected Sample sample(String uniqueId) {
        return new Sample(MessageTypes.INCIDENT_OPENED, "inc-" + uniqueId,
                SampleEvents.incidentOpened("inc-" + uniqueId, "det-" + uniqueId));
    }

    @Override
    protected long storedEffects(String uniqueId) {
        return countRows("select count(*) from incident_link where detection_id = :id and incident_status = 'DETECTED'",
                "det-" + uniqueId);
    }
}
