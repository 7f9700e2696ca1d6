package dev.aiim.reporting;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.reporting.messaging.IncidentEventConsumer;
import dev.aiim.platform.testing.ConsumerContractTests;
import dev.aiim.platform.testing.SampleEvents;
import io.quarkus.test.junit.QuarkusTest;

/** Incident events from the real broker are logged once, in full; unreadable ones are dead-lettered. */
@QuarkusTest
class IncidentEventConsumerTest extends ConsumerContractTests {

    IncidentEventConsumerTest() {
        super(Topics.INCIDENT_EVENTS, "reporting-service", IncidentEventConsumer.CONSUMER);
    }

    @Override
    protected Sample sample(String uniqueId) {
        return new Sample(MessageTypes.INCIDENT_OPENED, "inc-" + uniqueId, SampleEvents.incidentOpened("inc-" + uniqueId));
    }

    @Override
    protected long storedEffects(String uniqueId) {
        return countRows("select count(*) from incident_event_log where incident_id = :id"
                + " and version = 1 and type = 'incident.opened.v1' and data->'header'->>'status' = 'DETECTED'", "inc-" + uniqueId);
    }
}
