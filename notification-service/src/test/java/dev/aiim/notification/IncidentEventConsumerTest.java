package dev.aiim.notification;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.notification.messaging.IncidentEventConsumer;
import dev.aiim.platform.testing.ConsumerContractTests;
import dev.aiim.platform.testing.SampleEvents;
import io.quarkus.test.junit.QuarkusTest;

/** Incident events from the real broker update each incident's snapshot once; unreadable ones are dead-lettered. */
@QuarkusTest
class IncidentEventConsumerTest extends ConsumerContractTests {

    IncidentEventConsumerTest() {
        super(Topics.INCIDENT_EVENTS, "notification-service", IncidentEventConsumer.CONSUMER);
    }

    @Override
    protected Sample sample(String uniqueId) {
        return new Sample(MessageTypes.INCIDENT_OPENED, "inc-" + uniqueId, SampleEvents.incidentOpened("inc-" + uniqueId));
    }

    @Override
    protected long storedEffects(String uniqueId) {
        return countRows("select count(*) from incident_snapshot where incident_id = :id"
                + " and status = 'DETECTED' and last_event = 'incident.opened.v1'", "inc-" + uniqueId);
    }
}
