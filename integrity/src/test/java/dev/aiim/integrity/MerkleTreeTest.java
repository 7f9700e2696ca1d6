package dev.aiim.integrity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(("leaf-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }

    @Test
    void roots_are_those_of_rfc_9162_computed_independently() {
        // computed with twelve lines of Python (hashlib) from RFC 9162, 2.1.1
        Map<Integer, String> expected = Map.of(
                1, "305df59f9590c3c9ac63d2b2743c388e3792449078cebf7fb3dbe6471643b2b7",
                2, "60a53eed0de87a90c8e59427c59c46253c33a76a09502a51801300927b7e6bdc",
                3, "cf763a041c81ceef1578a6083f75c61bef2e0014f2a3e683a97fcfca5be7f19a",
                5, "00d21829a5503145348abcf712513eacf2a274211ad83e970202bb5b6d80b286",
                7, "0b007fb915eb9b2a146f54b1c86ec53b664f8e455b7660b0b6ee13edc0d921c0");
        expected.forEach((n, root) -> assertThat(MerkleTree.of(leaves(n)).root()).as("%d leaves", n).isEqualTo(root));
    }

    @Test
    void every_leaf_of_every_size_proves_its_inclusion_and_nothing_else_does() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> data = leaves(n);
            MerkleTree tree = MerkleTree.of(data);
            String root = tree.root();
            for (int i = 0; i < n; i++) {
                List<String> proof = tree.proof(i);
                assertThat(MerkleTree.verify(data.get(i), i, n, proof, root)).as("leaf %d of %d", i, n).isTrue();
                assertThat(MerkleTree.verify("forged".getBytes(StandardCharsets.UTF_8), i, n, proof, root)).isFalse();
                if (n > 1) {
                    assertThat(MerkleTree.verify(data.get(i), (i + 1) % n, n, proof, root)).as("moved").isFalse();
                    // (a proof does not fix the tree's size on its own: the signed checkpoint states it)
                    List<String> tampered = new ArrayList<>(proof);
                    tampered.set(0, "00".repeat(32));
                    assertThat(MerkleTree.verify(data.get(i), i, n, tampered, root)).as("tampered path").isFalse();
                }
            }
        }
    }

    @Test
    void changing_any_leaf_changes_the_root() {
        List<byte[]> data = leaves(10);
        String root = MerkleTree.of(data).root();
        data.set(7, "leaf-7 rewritten".getBytes(StandardCharsets.UTF_8));
        assertThat(MerkleTree.of(data).root()).isNotEqualTo(root);
    }

    @Test
    void a_tree_needs_a_leaf_and_a_proof_a_leaf_that_exists() {
        assertThatThrownBy(() -> MerkleTree.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.of(leaves(3)).proof(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(MerkleTree.verify(leaves(1).get(0), 0, 1, List.of("zz"), MerkleTree.of(leaves(1)).root()))
                .isFalse();
    }
}
