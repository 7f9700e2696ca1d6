package dev.aiim.contracts.integrity;

/** One stored incident event as a checkpoint covers it: its incident, its version and its chain hash. */
public record CheckpointLeaf(String streamId, long version, String hash) {
}
