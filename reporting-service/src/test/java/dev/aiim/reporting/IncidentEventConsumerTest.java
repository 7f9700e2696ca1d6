package dev.aiim.reporting;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.reporting.messaging.IncidentEventConsumer;
import dev.aiim.platform.testing.ConsumerContractTests;
import dev.aiim.platform.testing.SampleEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Incident events from the real broker are logged once, in full; unreadable ones are dead-lettered. */
@QuarkusTest
class IncidentEventConsumerTest extends ConsumerContractTests {

    @Override
    protected String topic() {
        return Topics.INCIDENT_EVENTS;
    }

    @Override
    protected String deadLetterTopic() {
        return Topics.deadLetters("reporting-service");
    }

    @Override
    protected String consumerName() {
        return IncidentEventConsumer.CONSUMER;
    }

    @Override
    protected Sample sample(String uniqueId) {
        return new Sample(MessageTypes.INCIDENT_OPENED, "inc-" + uniqueId, SampleEvents.incidentOpened("inc-" + uniqueId));
    }

    @Override
    protected long storedEffects(String uniqueId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("select count(*) from incident_event_log where incident_id = :id"
                                    + " and version = 1 and type = 'incident.opened.v1' and data->'header'->>'status' = 'DETECTED'", Long.class)
                            .setParameter("id", "inc-" + uniqueId).getSingleResult())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
