package dev.aiim.notification.domain;

import dev.aiim.contracts.people.DirectoryPerson;

import java.util.List;

/**
 * Someone the platform may notify, under the same id the identity provider gives them (so incident role
 * holders are found here), with contact points in order of preference: the first is used, and a page
 * that fails on it moves to the next. {@code seniorLeader} says they may command a SEV1/SEV2 incident;
 * incident-service learns it from the directory's topic, never from the person who names a commander.
 */
public record PersonProfile(String id, String name, boolean seniorLeader, List<ContactPoint> contacts) {

    /** A way to reach the person: a channel and, for email and SMS, their address on it. */
    public record ContactPoint(String channelId, String address) {
    }

    public PersonProfile {
        contacts = List.copyOf(contacts);
    }

    /** The entry other services know: no contact points. */
    public DirectoryPerson directoryEntry() {
        return new DirectoryPerson(id, name, seniorLeader);
    }
}
