package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.people.DirectoryPerson;
import dev.aiim.contracts.people.PersonRegistered;
import dev.aiim.platform.testing.ConsumerContractTests;
import io.quarkus.test.junit.QuarkusTest;

import java.time.Instant;

/** The people directory from the real broker: each entry kept once; unreadable messages are dead-lettered. */
@QuarkusTest
class PeopleConsumerTest extends ConsumerContractTests {

    PeopleConsumerTest() {
        super(Topics.PEOPLE, "incident-service", PeopleConsumer.CONSUMER);
    }

    @Override
    protected Sample sample(String uniqueId) {
        return new Sample(MessageTypes.PERSON_REGISTERED, "p-" + uniqueId, new PersonRegistered(
                new DirectoryPerson("p-" + uniqueId, "Pat " + uniqueId, true), "admin", Instant.now()));
    }

    @Override
    protected long storedEffects(String uniqueId) {
        return countRows("select count(*) from person_directory where person_id = :id and senior_leader",
                "p-" + uniqueId);
    }
}
