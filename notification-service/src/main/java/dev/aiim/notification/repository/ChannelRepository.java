package dev.aiim.notification.repository;

import dev.aiim.contracts.EventJson;
import dev.aiim.notification.domain.NotificationChannel;
import dev.aiim.platform.persistence.UniqueViolation;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Channels ({@link ChannelEntity}) as the domain sees them; joins the caller's Panache session or transaction. */
@ApplicationScoped
public class ChannelRepository {

    /** A channel with its sealed URL and secret, for sending. */
    public record StoredChannel(NotificationChannel channel, String sealedUrl, String sealedSecret) {
    }

    /** Inserts a channel; false when its name is taken. */
    public Uni<Boolean> insert(StoredChannel stored) {
        NotificationChannel channel = stored.channel();
        return ChannelEntity.count("name", channel.name()).chain(taken -> {
            if (taken > 0) {
                return Uni.createFrom().item(false);
            }
            ChannelEntity entity = new ChannelEntity();
            entity.id = channel.id();
            entity.name = channel.name();
            entity.data = EventJson.write(channel);
            entity.sealedUrl = stored.sealedUrl();
            entity.sealedSecret = stored.sealedSecret();
            entity.createdAt = channel.createdAt().atOffset(ZoneOffset.UTC);
            entity.updatedAt = entity.createdAt;
            return entity.persistAndFlush().replaceWith(true)
                    .onFailure(UniqueViolation::isCause).recoverWithItem(false);
        });
    }

    public Uni<Optional<StoredChannel>> find(String id) {
        return ChannelEntity.<ChannelEntity>findById(id).map(entity -> Optional.ofNullable(entity)
                .map(ChannelRepository::stored));
    }

    public Uni<List<StoredChannel>> list() {
        return ChannelEntity.<ChannelEntity>listAll(Sort.by("name"))
                .map(all -> all.stream().map(ChannelRepository::stored).toList());
    }

    public Uni<Boolean> delete(String id) {
        return ChannelEntity.deleteById(id);
    }

    private static StoredChannel stored(ChannelEntity entity) {
        return new StoredChannel(EventJson.read(entity.data, NotificationChannel.class), entity.sealedUrl,
                entity.sealedSecret);
    }
}
