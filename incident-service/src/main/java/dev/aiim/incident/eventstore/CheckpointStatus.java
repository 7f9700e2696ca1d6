package dev.aiim.incident.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.Nullable;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.TimeStamps;

import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a stream compares with the signed checkpoints that cover its events.
 *
 * @param id                    the newest checkpoint covering the stream
 * @param takenAt               when it was taken
 * @param coveredVersion        the highest version any checkpoint covers (later events are not covered yet)
 * @param verified              every covering checkpoint's signature checks with the service's keys, and its
 *                              stored leaves are those its signed root covers
 * @param matches               verified, and every covered event hashes now to what its checkpoint recorded
 * @param firstDifferingVersion the first covered version whose content no longer hashes to the recorded leaf
 *                              (or that is missing)
 * @param problem               what does not match, in words
 * @param stampedAt             when a time-stamping authority stamped the newest covering checkpoint (RFC 3161)
 * @param stampedBy             that authority, as its certificate names it
 */
public record CheckpointStatus(String id, long sequence, Instant takenAt, long coveredVersion, boolean verified,
                               boolean matches, @Nullable Long firstDifferingVersion, @Nullable String problem,
                               @Nullable Instant stampedAt, @Nullable String stampedBy) {

    /** A checkpoint as stored, its signed document parsed, and its leaves in tree order. */
    public record Covering(CheckpointStore.Stored stored, JsonNode document, List<ChainCheckpoint.Leaf> leaves) {
    }

    /**
     * Compares the stream's events (as stored now, hashes recomputed from their content) with the leaves of the
     * checkpoints covering them; null when none does.
     */
    public static @Nullable CheckpointStatus assess(List<StoredEvent> events, List<CheckpointStore.Anchored> anchored,
                                                    Map<Long, Covering> checkpoints, Map<String, PublicKey> keys) {
        if (anchored.isEmpty()) {
            return null;
        }
        String problem = null;
        TreeMap<Long, Covering> bySequence = new TreeMap<>(checkpoints);
        TimeStamps.Check stamp = null;
        for (Covering c : bySequence.values()) {
            ChainCheckpoint.Check check = ChainCheckpoint.verify(c.document(), c.leaves(), keys);
            if (!check.valid()) {
                problem = check.detail();
                break;
            }
            stamp = c.stored().timestamp() == null ? null
                    : TimeStamps.verify(c.stored().timestamp(), ChainCheckpoint.digest(c.document()));
            if (stamp != null && !stamp.valid()) {
                problem = "checkpoint " + c.stored().checkpointId() + ": " + stamp.detail();
                break;
            }
        }
        boolean verified = problem == null;
        Map<Long, String> recomputed = new HashMap<>();
        String previous = null;
        for (StoredEvent e : events) {
            previous = ChainCheck.recompute(previous, e);
            recomputed.put(e.version(), previous);
        }
        Long firstDiffering = null;
        long covered = 0;
        for (CheckpointStore.Anchored a : anchored) {
            covered = Math.max(covered, a.version());
            if (firstDiffering == null && !Objects.equals(recomputed.get(a.version()), a.hash())) {
                firstDiffering = a.version();
            }
        }
        if (problem == null && firstDiffering != null) {
            problem = "version " + firstDiffering + " no longer hashes to what checkpoint "
                    + checkpointOf(anchored, firstDiffering, bySequence) + " recorded of it";
        }
        Covering newest = bySequence.lastEntry().getValue();
        boolean stamped = verified && stamp != null && newest.stored().timestamp() != null;
        return new CheckpointStatus(newest.stored().checkpointId(), newest.stored().sequence(),
                newest.stored().takenAt(), covered, verified, verified && firstDiffering == null, firstDiffering,
                problem, stamped ? stamp.stampedAt() : null, stamped ? stamp.authority() : null);
    }

    private static String checkpointOf(List<CheckpointStore.Anchored> anchored, long version,
                                       Map<Long, Covering> bySequence) {
        return anchored.stream().filter(a -> a.version() == version).findFirst()
                .map(a -> bySequence.get(a.sequence())).map(c -> c.stored().checkpointId()).orElse("?");
    }
}
