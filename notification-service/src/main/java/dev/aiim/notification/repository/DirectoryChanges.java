package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.people.DirectoryPerson;
import dev.aiim.contracts.people.PersonRegistered;
import dev.aiim.contracts.people.PersonRemoved;
import dev.aiim.contracts.people.PersonUpdated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Queues the people directory's changes for {@code aiim.people.v1} (key: person id) on the outbox, in the
 * caller's Panache transaction: a change and its message commit together or not at all.
 */
@ApplicationScoped
public class DirectoryChanges {

    public Uni<Void> registered(DirectoryPerson person, String by, Instant at) {
        return queue(person.id(), at, new PersonRegistered(person, by, at));
    }

    public Uni<Void> updated(DirectoryPerson person, String by, Instant at) {
        return queue(person.id(), at, new PersonUpdated(person, by, at));
    }

    public Uni<Void> removed(String personId, String by, Instant at) {
        return queue(personId, at, new PersonRemoved(personId, by, at));
    }

    private Uni<Void> queue(String personId, Instant at, Object message) {
        OutboxMessageEntity row = new OutboxMessageEntity();
        row.messageId = UUID.randomUUID().toString();
        row.type = MessageTypes.of(message.getClass()).ceType();
        row.messageKey = personId;
        row.occurredAt = at.atOffset(ZoneOffset.UTC);
        row.data = EventJson.write(message);
        return row.persist().replaceWithVoid();
    }
}
