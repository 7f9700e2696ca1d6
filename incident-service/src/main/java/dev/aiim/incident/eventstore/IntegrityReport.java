package dev.aiim.incident.eventstore;

import dev.aiim.contracts.Nullable;

/**
 * The result of recomputing a stream's hash chain from storage. {@code headHash} is the stored head;
 * {@code recomputedHeadHash} what the events hash to now; {@code firstInvalidVersion} the first event
 * whose stored hash, link or version does not check out (or the first missing one). {@code checkpoint} compares
 * the stream with what the signed checkpoints recorded of it (null before the first covers it); a stream rewritten
 * with every hash recomputed passes the chain check but not this one.
 */
public record IntegrityReport(boolean valid, long eventCount, @Nullable String headHash,
                              @Nullable String recomputedHeadHash, long streamVersion,
                              @Nullable Long firstInvalidVersion, @Nullable CheckpointStatus checkpoint) {

    /** The report with the checkpoints' verdict added: valid only if the stream also matches them. */
    public IntegrityReport withCheckpoint(@Nullable CheckpointStatus status) {
        return new IntegrityReport(valid && (status == null || status.matches()), eventCount, headHash,
                recomputedHeadHash, streamVersion, firstInvalidVersion, status);
    }
}
