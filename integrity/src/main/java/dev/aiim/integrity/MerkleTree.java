package dev.aiim.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Merkle tree as Certificate Transparency builds one (RFC 9162, section 2.1): SHA-256, a leaf hashed as
 * {@code H(0x00 || data)} and an inner node as {@code H(0x01 || left || right)}, a tree of {@code n} leaves split at
 * the largest power of two below {@code n}. The prefixes keep a leaf from passing for an inner node. An inclusion
 * proof is the list of sibling hashes from the leaf up to the root, and anyone can check one with this class or
 * the twenty lines of RFC 9162, section 2.1.3.2.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private final List<byte[]> leaves;

    private MerkleTree(List<byte[]> leafHashes) {
        this.leaves = leafHashes;
    }

    /** The tree over these leaves' data, in this order. */
    public static MerkleTree of(List<byte[]> leafData) {
        if (leafData.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<byte[]> hashes = new ArrayList<>(leafData.size());
        for (byte[] data : leafData) {
            hashes.add(leafHash(data));
        }
        return new MerkleTree(hashes);
    }

    public int size() {
        return leaves.size();
    }

    /** The root, hex. */
    public String root() {
        return HEX.formatHex(root(0, leaves.size()));
    }

    /** The inclusion proof of leaf {@code index}, hex hashes from the leaf's sibling up. */
    public List<String> proof(int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IndexOutOfBoundsException("no leaf " + index + " among " + leaves.size());
        }
        List<String> path = new ArrayList<>();
        proof(index, 0, leaves.size(), path);
        return path;
    }

    /** Whether {@code leafData} is leaf {@code index} of a tree of {@code size} leaves with this root (hex). */
    public static boolean verify(byte[] leafData, long index, long size, List<String> proof, String root) {
        if (index < 0 || index >= size) {
            return false;
        }
        // RFC 9162, 2.1.3.2
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash(leafData);
        for (String p : proof) {
            byte[] sibling;
            try {
                sibling = HEX.parseHex(p);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(sibling, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, sibling);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, parseOrEmpty(root));
    }

    private byte[] root(int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return node(root(from, from + k), root(from + k, to));
    }

    private void proof(int index, int from, int to, List<String> path) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (index - from < k) {
            proof(index, from, from + k, path);
            path.add(HEX.formatHex(root(from + k, to)));
        } else {
            proof(index, from + k, to, path);
            path.add(HEX.formatHex(root(from, from + k)));
        }
    }

    /** The largest power of two smaller than n (n > 1). */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(data);
        return sha.digest();
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static byte[] parseOrEmpty(String hex) {
        try {
            return hex == null ? new byte[0] : HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "MerkleTree[" + leaves.size() + " leaves, root " + root() + "]";
    }
}
