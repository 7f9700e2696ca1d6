package dev.aiim.notification.service;

import dev.aiim.notification.domain.Directory;
import dev.aiim.notification.domain.EscalationPolicy;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.notification.domain.PersonProfile;
import dev.aiim.notification.repository.ChannelRepository;
import dev.aiim.notification.repository.ChannelRepository.StoredChannel;
import dev.aiim.notification.repository.DocumentRows;
import dev.aiim.notification.repository.RoutingRepository;
import dev.aiim.notification.service.PeopleAdministration.Schedule;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reference data that routing, paging and sending read (channels, people, routing, escalation policies,
 * schedules), through Panache in a session of its own: the operational work that reads it runs in a
 * transaction of the reactive SQL client, and an admin's edit between two reads is as good as before them.
 */
@ApplicationScoped
public class References {

    private final ChannelRepository channels;
    private final DocumentRows documents;
    private final RoutingRepository routing;

    public References(ChannelRepository channels, DocumentRows documents, RoutingRepository routing) {
        this.channels = channels;
        this.documents = documents;
        this.routing = routing;
    }

    /** Channels, people and routing as they are now. */
    @WithSession
    public Uni<Directory> directory() {
        return channels.list().chain(all -> documents.list(DocumentRows.Table.PERSON, PersonProfile.class)
                .chain(people -> routing.current().map(current -> new Directory(
                        all.stream().map(StoredChannel::channel)
                                .collect(Collectors.toMap(NotificationChannel::id, Function.identity())),
                        people.stream().collect(Collectors.toMap(PersonProfile::id, Function.identity())),
                        current.policy()))));
    }

    /** Every channel with its sealed URL and secret, for sending. */
    @WithSession
    public Uni<List<StoredChannel>> channels() {
        return channels.list();
    }

    @WithSession
    public Uni<Optional<EscalationPolicy>> escalationPolicy(String id) {
        return documents.find(DocumentRows.Table.ESCALATION_POLICY, id, EscalationPolicy.class);
    }

    @WithSession
    public Uni<Optional<Schedule>> schedule(String id) {
        return documents.find(DocumentRows.Table.SCHEDULE, id, Schedule.class);
    }
}
