package dev.aiim.incident.eventstore;

import dev.aiim.contracts.Nullable;

import java.util.Objects;

/**
 * The hash chain recomputed one stored event at a time: versions contiguous from 1, each link and each hash as
 * stored. Immutable, so a check held for a stream can be carried on with the events stored after it (the console
 * reads only those) by two readers at once without either seeing the other's half-done work.
 *
 * @param checked            how many events were checked
 * @param storedHead         the last checked event's stored hash
 * @param recomputedHead     what the checked events hash to now
 * @param firstInvalidVersion the first event whose version, link or hash does not check out
 */
public record ChainCheck(long checked, @Nullable String storedHead, @Nullable String recomputedHead,
                         @Nullable Long firstInvalidVersion) {

    public static final ChainCheck EMPTY = new ChainCheck(0, null, null, null);

    public ChainCheck next(StoredEvent e) {
        long expectedVersion = checked + 1;
        String recomputed = recompute(recomputedHead, e);
        boolean linked = e.version() == expectedVersion && Objects.equals(e.prevHash(), recomputedHead);
        Long invalid = firstInvalidVersion;
        if (invalid == null && (!linked || !recomputed.equals(e.hash()))) {
            invalid = e.version();
        }
        return new ChainCheck(expectedVersion, e.hash(), recomputed, invalid);
    }

    /** What the event hashes to after {@code previous}, from its content, whatever hash is stored with it. */
    public static String recompute(@Nullable String previous, StoredEvent e) {
        return HashChain.hash(previous, HashChain.document(e.streamId(), e.version(), e.eventId(), e.type(),
                e.schemaVersion(), e.recordedAt().toString(), e.payload(), e.metadata()));
    }

    public ChainCheck next(Iterable<StoredEvent> events) {
        ChainCheck check = this;
        for (StoredEvent e : events) {
            check = check.next(e);
        }
        return check;
    }

    /** The report against the stream's version per its row: an event missing at the end breaks the chain too. */
    public IntegrityReport report(long streamVersion) {
        Long invalid = firstInvalidVersion;
        if (invalid == null && checked != streamVersion) {
            invalid = checked + 1;
        }
        return new IntegrityReport(invalid == null, checked, storedHead, recomputedHead, streamVersion, invalid, null);
    }
}
