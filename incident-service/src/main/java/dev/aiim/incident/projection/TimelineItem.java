package dev.aiim.incident.projection;

import dev.aiim.contracts.Actor;
import dev.aiim.incident.domain.IncidentEvent;
import dev.aiim.incident.domain.TimelineNarration;
import dev.aiim.incident.eventstore.EventMetadata;
import dev.aiim.incident.eventstore.IncidentEventCodec;
import dev.aiim.incident.eventstore.StoredEvent;

import java.time.Instant;
import java.util.Comparator;

/** One line of the timeline: the time it describes, when it was recorded, by whom, and what happened. */
public record TimelineItem(Instant at, Instant recordedAt, long version, String type, String text, Actor actor) {

    /** The timeline's order: by the time described, then as recorded. */
    public static final Comparator<TimelineItem> ORDER = Comparator.comparing(TimelineItem::at)
            .thenComparing(TimelineItem::version);

    /** The line for a stored event, {@code event} being its payload read. */
    public static TimelineItem of(StoredEvent stored, IncidentEvent event) {
        return new TimelineItem(TimelineNarration.at(event, stored.recordedAt()), stored.recordedAt(),
                stored.version(), stored.type(), TimelineNarration.describe(event),
                IncidentEventCodec.convert(stored.metadata(), EventMetadata.class).actor());
    }
}
