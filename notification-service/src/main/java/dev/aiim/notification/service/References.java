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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reference data that routing, paging and sending read (channels, people, routing, escalation policies,
 * schedules). It is kept in memory and read again, through Panache, only when the directory's version has moved:
 * every change to those tables moves {@code directory_version} in the change's own transaction (V6), so a reader
 * that sees the new version reads the change too. Reading the version is one small query in the caller's
 * transaction, where reading the directory was five, on every incident event.
 */
@ApplicationScoped
public class References {

    /** No version row (someone removed it): nothing is kept, every read goes to the tables. */
    private static final long UNVERSIONED = -1;

    private record Snapshot(long version, Directory directory, List<StoredChannel> channels,
                            Map<String, EscalationPolicy> policies, Map<String, Schedule> schedules) {
    }

    private final ChannelRepository channels;
    private final DocumentRows documents;
    private final RoutingRepository routing;
    private final AtomicReference<Snapshot> kept = new AtomicReference<>();

    public References(ChannelRepository channels, DocumentRows documents, RoutingRepository routing) {
        this.channels = channels;
        this.documents = documents;
        this.routing = routing;
    }

    /** Channels, people and routing as they are now. */
    public Uni<Directory> directory(SqlClient client) {
        return current(client).map(Snapshot::directory);
    }

    /** Every channel with its sealed URL and secret, for sending. */
    public Uni<List<StoredChannel>> channels(SqlClient client) {
        return current(client).map(Snapshot::channels);
    }

    public Uni<Optional<EscalationPolicy>> escalationPolicy(SqlClient client, String id) {
        return current(client).map(snapshot -> Optional.ofNullable(snapshot.policies().get(id)));
    }

    public Uni<Optional<Schedule>> schedule(SqlClient client, String id) {
        return current(client).map(snapshot -> Optional.ofNullable(snapshot.schedules().get(id)));
    }

    private Uni<Snapshot> current(SqlClient client) {
        return client.preparedQuery("select version from directory_version where id = 1").execute()
                .map(rows -> rows.size() == 0 ? UNVERSIONED : rows.iterator().next().getLong("version"))
                .chain(version -> {
                    Snapshot snapshot = kept.get();
                    return version != UNVERSIONED && snapshot != null && snapshot.version() >= version
                            ? Uni.createFrom().item(snapshot) : load(version);
                });
    }

    /**
     * Reads the tables as they are now, which is at least {@code version}. A snapshot of a newer version replaces
     * the one kept; one of the same version (two readers loading at once) does not, so what is kept stays put
     * until the directory changes.
     */
    private Uni<Snapshot> load(long version) {
        return Panache.withSession(() -> channels.list()
                .chain(all -> documents.list(DocumentRows.Table.PERSON, PersonProfile.class)
                        .chain(people -> routing.current()
                                .chain(current -> documents.list(DocumentRows.Table.ESCALATION_POLICY,
                                                EscalationPolicy.class)
                                        .chain(policies -> documents.list(DocumentRows.Table.SCHEDULE, Schedule.class)
                                                .map(schedules -> new Snapshot(version, new Directory(
                                                        byId(all.stream().map(StoredChannel::channel).toList(),
                                                                NotificationChannel::id),
                                                        byId(people, PersonProfile::id), current.policy()),
                                                        List.copyOf(all), byId(policies, EscalationPolicy::id),
                                                        byId(schedules, Schedule::id))))))))
                .invoke(loaded -> kept.accumulateAndGet(loaded, (was, now) -> was == null
                        || now.version() > was.version() ? now : was));
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return Map.copyOf(items.stream().collect(Collectors.toMap(id, Function.identity())));
    }
}
