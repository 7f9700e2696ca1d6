package dev.aiim.incident.eventstore;

import dev.aiim.contracts.Nullable;

/**
 * The result of recomputing a stream's hash chain from storage. {@code headHash} is the stored head;
 * {@code recomputedHeadHash} what the events hash to now; {@code firstInvalidVersion} the first event
 * whose stored hash, link or version does not check out (or the first missing one).
 */
public record IntegrityReport(boolean valid, long eventCount, @Nullable String headHash,
                              @Nullable String recomputedHeadHash, long streamVersion,
                              @Nullable Long firstInvalidVersion) {
}
