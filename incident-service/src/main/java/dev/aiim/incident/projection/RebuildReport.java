package dev.aiim.incident.projection;

/** What a projection rebuild replayed and how long it took ({@code replayMillis}: reading and folding the events). */
public record RebuildReport(long events, long incidents, long durationMillis, long replayMillis) {
}
