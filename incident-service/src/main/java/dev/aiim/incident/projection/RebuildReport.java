package dev.aiim.incident.projection;

/** What a projection rebuild replayed and how long it took. */
public record RebuildReport(long events, long incidents, long durationMillis) {
}
