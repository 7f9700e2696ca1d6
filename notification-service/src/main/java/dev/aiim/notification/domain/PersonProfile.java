package dev.aiim.notification.domain;

import java.util.List;

/**
 * Someone the platform may notify, under the same id the identity provider gives them (so incident role
 * holders are found here), with contact points in order of preference: the first is used, and a page
 * that fails on it moves to the next.
 */
public record PersonProfile(String id, String name, List<ContactPoint> contacts) {

    /** A way to reach the person: a channel and, for email and SMS, their address on it. */
    public record ContactPoint(String channelId, String address) {
    }

    public PersonProfile {
        contacts = List.copyOf(contacts);
    }
}
