package dev.aiim.notification.domain;

import dev.aiim.contracts.aisystem.AiSystem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns audiences into destinations, from the channels, people and routing document of the moment.
 * A person is reached on their first usable contact point; room channels (Slack, Teams, webhook) get one
 * message however many of their people it concerns; a role holder the registry does not know is written to
 * at their incident email through the default email channel; client contacts through the client channel.
 */
public record Directory(Map<String, NotificationChannel> channels, Map<String, PersonProfile> people,
                        RoutingPolicy routing) {

    /** Where one message goes. {@code recipient} is the person id, {@code channel:<id>} or the client address. */
    public record Destination(String recipient, NotificationChannel channel, String address, Integer contactIndex) {

        String key() {
            return recipient + "|" + channel.id();
        }
    }

    public Directory {
        channels = Map.copyOf(channels);
        people = Map.copyOf(people);
    }

    /** The person's contact point at {@code index} or, when that one's channel is gone, the next usable one. */
    public Optional<Destination> person(String personId, int fromIndex) {
        PersonProfile person = people.get(personId);
        if (person == null) {
            return Optional.empty();
        }
        for (int i = fromIndex; i < person.contacts().size(); i++) {
            PersonProfile.ContactPoint contact = person.contacts().get(i);
            NotificationChannel channel = channels.get(contact.channelId());
            if (channel != null) {
                String recipient = ChannelSpec.postsToRoom(channel.type()) ? "channel:" + channel.id() : personId;
                return Optional.of(new Destination(recipient, channel, contact.address(), i));
            }
        }
        return Optional.empty();
    }

    /** A role holder: their registered contact point, else their email through the default email channel. */
    public Optional<Destination> roleHolder(String personId, String email) {
        Optional<Destination> registered = person(personId, 0);
        if (registered.isPresent() || email == null) {
            return registered;
        }
        return emailChannel(routing.defaultEmailChannelId()).map(c -> new Destination(personId, c, email, null));
    }

    public List<Destination> people(Collection<String> personIds) {
        List<Destination> destinations = new ArrayList<>();
        personIds.forEach(id -> person(id, 0).ifPresent(destinations::add));
        return destinations;
    }

    /** The client contacts of a system that have an email address, through the client channel. */
    public List<Destination> client(AiSystem system) {
        if (system == null || system.client() == null) {
            return List.of();
        }
        Optional<NotificationChannel> channel = emailChannel(routing.clientChannelId())
                .or(() -> emailChannel(routing.defaultEmailChannelId()));
        if (channel.isEmpty()) {
            return List.of();
        }
        return system.client().contacts().stream().filter(c -> c.email() != null)
                .map(c -> new Destination("client:" + c.email(), channel.get(), c.email(), null)).toList();
    }

    /** Drops repeats: one message per recipient and channel. */
    public static List<Destination> distinct(List<Destination> destinations) {
        Map<String, Destination> unique = new LinkedHashMap<>();
        destinations.forEach(d -> unique.putIfAbsent(d.key(), d));
        return List.copyOf(unique.values());
    }

    private Optional<NotificationChannel> emailChannel(String id) {
        return Optional.ofNullable(id).map(channels::get)
                .filter(c -> c.type() == dev.aiim.contracts.notification.ChannelType.EMAIL);
    }
}
