package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.notification.domain.NotificationChannel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code channel} table: the public view as JSON, URL and secret sealed apart. Joins the caller's transaction. */
@ApplicationScoped
public class ChannelRepository {

    /** A channel with its sealed URL and secret, for sending. */
    public record StoredChannel(NotificationChannel channel, String sealedUrl, String sealedSecret) {
    }

    /** Inserts a channel; false when its name is taken. */
    public Uni<Boolean> insert(StoredChannel stored) {
        NotificationChannel channel = stored.channel();
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into channel (id, name, data, sealed_url, sealed_secret, created_at, updated_at)"
                                + " values (:id, :name, cast(cast(:data as text) as jsonb), :url, :secret, :at, :at)"
                                + " on conflict do nothing")
                .setParameter("id", channel.id())
                .setParameter("name", channel.name())
                .setParameter("data", EventJson.write(channel))
                .setParameter("url", stored.sealedUrl())
                .setParameter("secret", stored.sealedSecret())
                .setParameter("at", channel.createdAt().atOffset(ZoneOffset.UTC))
                .executeUpdate()).map(rows -> rows == 1);
    }

    public Uni<Optional<StoredChannel>> find(String id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text, sealed_url, sealed_secret from channel where id = :id", Object[].class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(ChannelRepository::stored)));
    }

    public Uni<List<StoredChannel>> list() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select data::text, sealed_url, sealed_secret from channel order by name", Object[].class)
                .getResultList()
                .map(rows -> rows.stream().map(ChannelRepository::stored).toList()));
    }

    public Uni<Boolean> delete(String id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("delete from channel where id = :id")
                .setParameter("id", id)
                .executeUpdate()).map(rows -> rows == 1);
    }

    private static StoredChannel stored(Object[] row) {
        return new StoredChannel(EventJson.read((String) row[0], NotificationChannel.class), (String) row[1],
                (String) row[2]);
    }
}
