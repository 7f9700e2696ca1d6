package dev.aiim.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A signed checkpoint of the incident event chains. Every event stored since the previous checkpoint is a leaf
 * {@code {"streamId", "version", "hash"}} (its RFC 8785 form), in stream then version order; the document names
 * the Merkle root over them (RFC 9162 hashing, {@link MerkleTree}), how many there are, and the previous
 * checkpoint's id and digest, and is signed ({@link SignedDocument}). So the checkpoints, one after another,
 * commit to every event of every stream, each stream's head included: rewriting an event after its checkpoint,
 * even with every later hash recomputed, no longer matches the leaf the signed root covers.
 */
public final class ChainCheckpoint {

    public static final String TYPE = "aiim.integrity-checkpoint.v1";
    private static final HexFormat HEX = HexFormat.of();
    public static final Comparator<Leaf> ORDER = Comparator.comparing(Leaf::streamId).thenComparingLong(Leaf::version);

    /** One event as a checkpoint covers it. */
    public record Leaf(String streamId, long version, String hash) {

        /** The bytes the tree hashes: the leaf's RFC 8785 form. */
        public byte[] data() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("streamId", streamId);
            node.put("version", version);
            node.put("hash", hash);
            return SignedDocument.canonical(node);
        }
    }

    /** A leaf's place in its checkpoint's tree, and the sibling hashes that lead from it to the root. */
    public record Inclusion(long index, List<String> proof) {
    }

    /** What checking a checkpoint found; {@code detail} says what does not match (or, for an export, what holds). */
    public record Check(boolean valid, String detail) {
        static Check ok() {
            return new Check(true, null);
        }
    }

    private ChainCheckpoint() {
    }

    /** The checkpoint document, unsigned, over {@code leaves} (sorted here). */
    public static ObjectNode document(String id, long sequence, String issuer, Instant takenAt, List<Leaf> leaves,
                                      String previousId, String previousDigest) {
        List<Leaf> sorted = sorted(leaves);
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("type", TYPE);
        doc.put("id", id);
        doc.put("sequence", sequence);
        doc.put("issuer", issuer);
        doc.put("takenAt", takenAt.toString());
        doc.put("leafCount", sorted.size());
        doc.put("merkleRoot", tree(sorted).root());
        if (previousId != null) {
            doc.putObject("previous").put("id", previousId).put("digest", previousDigest);
        }
        return doc;
    }

    public static List<Leaf> sorted(List<Leaf> leaves) {
        List<Leaf> sorted = new ArrayList<>(leaves);
        sorted.sort(ORDER);
        return sorted;
    }

    /** SHA-256 of the signed document's canonical form, hex: what the next checkpoint names as its previous. */
    public static String digest(JsonNode signed) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(SignedDocument.canonical(signed)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether the checkpoint is signed by one of {@code keys} and its root and count are those of the leaves. */
    public static Check verify(JsonNode signed, List<Leaf> leaves, Map<String, PublicKey> keys) {
        DetachedJws.Check signature = SignedDocument.verify(signed, keys);
        if (!signature.valid()) {
            return new Check(false, "checkpoint " + signed.path("id").asText("?") + ": " + signature.reason());
        }
        if (!TYPE.equals(signed.path("type").asText())) {
            return new Check(false, "not a checkpoint (type " + signed.path("type").asText("missing") + ")");
        }
        if (signed.path("leafCount").asLong(-1) != leaves.size() || leaves.isEmpty()
                || !tree(sorted(leaves)).root().equals(signed.path("merkleRoot").asText())) {
            return new Check(false, "checkpoint " + signed.path("id").asText() + ": its leaves are not those its"
                    + " signed root covers");
        }
        return Check.ok();
    }

    /** Where the stream's event at {@code version} sits among the checkpoint's leaves, if it is one of them. */
    public static Optional<Inclusion> inclusion(List<Leaf> leaves, String streamId, long version) {
        List<Leaf> sorted = sorted(leaves);
        for (int i = 0; i < sorted.size(); i++) {
            Leaf leaf = sorted.get(i);
            if (leaf.streamId().equals(streamId) && leaf.version() == version) {
                return Optional.of(new Inclusion(i, tree(sorted).proof(i)));
            }
        }
        return Optional.empty();
    }

    /** Whether the leaf is at {@code inclusion} in the tree whose root and size the (checked) document names. */
    public static boolean includes(JsonNode signed, Leaf leaf, Inclusion inclusion) {
        return MerkleTree.verify(leaf.data(), inclusion.index(), signed.path("leafCount").asLong(0), inclusion.proof(),
                signed.path("merkleRoot").asText(null));
    }

    /**
     * Checks an export's {@code integrity.checkpoint} block against the issuer's keys: the checkpoint's signature, the
     * leaf's inclusion under its signed root, and that the leaf is the exported incident's event within those the
     * export was built from (its head's own hash when it covers the last of them). The detail says what holds or
     * what does not.
     */
    public static Check checkExport(JsonNode integrity, Map<String, PublicKey> issuerKeys) {
        JsonNode block = integrity.path("checkpoint");
        String incidentId = integrity.path("incidentId").asText();
        long eventCount = integrity.path("eventCount").asLong();
        if (block.isMissingNode() || block.isNull()) {
            return new Check(false, "no checkpoint covered incident " + incidentId + " when it was exported");
        }
        JsonNode document = block.path("document");
        DetachedJws.Check signature = SignedDocument.verify(document, issuerKeys);
        if (!signature.valid()) {
            return new Check(false, "checkpoint " + document.path("id").asText("?") + ": " + signature.reason());
        }
        JsonNode leafNode = block.path("leaf");
        Leaf leaf = new Leaf(leafNode.path("streamId").asText(), leafNode.path("version").asLong(),
                leafNode.path("hash").asText());
        List<String> proof = new ArrayList<>();
        block.path("proof").forEach(p -> proof.add(p.asText()));
        if (!includes(document, leaf, new Inclusion(block.path("index").asLong(-1), proof))) {
            return new Check(false, "the event named is not under checkpoint " + document.path("id").asText()
                    + "'s signed root (its inclusion proof fails)");
        }
        if (!leaf.streamId().equals(incidentId) || leaf.version() < 1 || leaf.version() > eventCount) {
            return new Check(false, "checkpoint " + document.path("id").asText() + " covers " + leaf.streamId() + "@"
                    + leaf.version() + ", not one of events 1 to " + eventCount + " of incident " + incidentId);
        }
        if (leaf.version() == eventCount && !leaf.hash().equals(integrity.path("headHash").asText())) {
            return new Check(false, "checkpoint " + document.path("id").asText() + " recorded another hash for event "
                    + eventCount + " than the export's head hash");
        }
        String covers = leaf.version() == eventCount ? "the export's head (event " + eventCount + ")"
                : "events 1 to " + leaf.version() + " of the " + eventCount + " exported (later ones are covered by"
                + " the export's own signature only)";
        String stamped = "";
        if (block.hasNonNull("timestamp")) {
            TimeStamps.Check stamp = TimeStamps.verify(block.get("timestamp").asText(), digest(document));
            if (!stamp.valid()) {
                return new Check(false, "checkpoint " + document.path("id").asText() + ": " + stamp.detail());
            }
            stamped = "; " + stamp.detail();
        }
        return new Check(true, "checkpoint " + document.path("id").asText() + " of " + document.path("takenAt").asText()
                + ", signed by " + document.path("issuer").asText() + " (key " + signature.kid() + "), covers "
                + covers + stamped);
    }

    private static MerkleTree tree(List<Leaf> sorted) {
        List<byte[]> data = new ArrayList<>(sorted.size());
        sorted.forEach(leaf -> data.add(leaf.data()));
        return MerkleTree.of(data);
    }
}
