package dev.aiim.incident.projection;

import dev.aiim.contracts.Actor;

import java.time.Instant;

/** One line of the timeline: the time it describes, when it was recorded, by whom, and what happened. */
public record TimelineItem(Instant at, Instant recordedAt, long version, String type, String text, Actor actor) {
}
