package dev.aiim.reporting;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.platform.testing.KafkaTestClient;

import java.util.List;

/** Produces hand-built incident events to the real {@code aiim.incident-events.v1}, as incident-service would. */
final class IncidentEvents {

    private IncidentEvents() {
    }

    static void produce(IncidentEvent event, String messageId) throws Exception {
        KafkaTestClient.produce(Topics.INCIDENT_EVENTS, event.header().incidentId(), messageId,
                MessageTypes.of(event.getClass()).ceType(), EventJson.write(event));
    }

    /** Each event under its own event id as CloudEvents id. */
    static void produce(List<IncidentEvent> events) throws Exception {
        for (IncidentEvent event : events) {
            produce(event, event.header().eventId());
        }
    }
}
