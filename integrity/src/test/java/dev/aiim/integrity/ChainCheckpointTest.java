package dev.aiim.integrity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChainCheckpointTest {

    private static final KeyRing KEYS = KeyRing.ephemeral();
    private static final KeyRing OTHER = KeyRing.ephemeral();

    private static List<ChainCheckpoint.Leaf> leaves() {
        List<ChainCheckpoint.Leaf> leaves = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            leaves.add(new ChainCheckpoint.Leaf("inc-b", v, ("b" + v).repeat(16)));
            leaves.add(new ChainCheckpoint.Leaf("inc-a", v, ("a" + v).repeat(16)));
        }
        return leaves;
    }

    private static ObjectNode signed(List<ChainCheckpoint.Leaf> leaves) {
        return SignedDocument.sign(ChainCheckpoint.document("checkpoint-7", 7, "incident-service",
                Instant.parse("2026-12-07T10:00:00Z"), leaves, "checkpoint-6", "ab".repeat(32)), KEYS.active());
    }

    @Test
    void a_checkpoint_names_its_leaves_root_and_predecessor_and_verifies_with_the_issuers_keys() {
        ObjectNode checkpoint = signed(leaves());
        assertThat(checkpoint.path("leafCount").asInt()).isEqualTo(6);
        assertThat(checkpoint.at("/previous/id").asText()).isEqualTo("checkpoint-6");
        assertThat(ChainCheckpoint.verify(checkpoint, leaves(), KEYS.published()).valid()).isTrue();
        // the order the leaves come in does not matter: the tree sorts them by stream and version
        List<ChainCheckpoint.Leaf> reversed = new ArrayList<>(leaves());
        java.util.Collections.reverse(reversed);
        assertThat(ChainCheckpoint.verify(checkpoint, reversed, KEYS.published()).valid()).isTrue();
    }

    @Test
    void another_key_a_changed_leaf_or_a_missing_leaf_does_not_verify() {
        ObjectNode checkpoint = signed(leaves());
        assertThat(ChainCheckpoint.verify(checkpoint, leaves(), OTHER.published()).valid()).isFalse();
        List<ChainCheckpoint.Leaf> rewritten = new ArrayList<>(leaves());
        rewritten.set(2, new ChainCheckpoint.Leaf("inc-b", 2, "ff".repeat(32)));
        ChainCheckpoint.Check check = ChainCheckpoint.verify(checkpoint, rewritten, KEYS.published());
        assertThat(check.valid()).isFalse();
        assertThat(check.detail()).contains("not those its signed root covers");
        assertThat(ChainCheckpoint.verify(checkpoint, leaves().subList(0, 5), KEYS.published()).valid()).isFalse();
        ObjectNode forged = checkpoint.deepCopy();
        forged.put("merkleRoot", "00".repeat(32));
        assertThat(ChainCheckpoint.verify(forged, leaves(), KEYS.published()).detail()).contains("signature");
    }

    @Test
    void one_leaf_proves_its_place_under_the_signed_root_without_the_others() {
        ObjectNode checkpoint = signed(leaves());
        ChainCheckpoint.Leaf head = new ChainCheckpoint.Leaf("inc-a", 3, "a3".repeat(16));
        ChainCheckpoint.Inclusion inclusion = ChainCheckpoint.inclusion(leaves(), "inc-a", 3).orElseThrow();
        assertThat(inclusion.index()).isEqualTo(2);
        assertThat(ChainCheckpoint.includes(checkpoint, head, inclusion)).isTrue();
        assertThat(ChainCheckpoint.includes(checkpoint, new ChainCheckpoint.Leaf("inc-a", 3, "00".repeat(32)),
                inclusion)).isFalse();
        assertThat(ChainCheckpoint.inclusion(leaves(), "inc-a", 4)).isEmpty();
    }

    @Test
    void the_digest_changes_with_any_member() {
        ObjectNode checkpoint = signed(leaves());
        ObjectNode other = checkpoint.deepCopy();
        other.put("sequence", 8);
        assertThat(ChainCheckpoint.digest(checkpoint)).hasSize(64).isNotEqualTo(ChainCheckpoint.digest(other));
    }

    private static ObjectNode exportIntegrity(long eventCount, String headHash, ChainCheckpoint.Leaf leaf) {
        ObjectNode integrity = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        integrity.put("incidentId", "inc-a").put("eventCount", eventCount).put("headHash", headHash);
        ChainCheckpoint.Inclusion inclusion = ChainCheckpoint.inclusion(leaves(), leaf.streamId(), leaf.version())
                .orElseThrow();
        ObjectNode block = integrity.putObject("checkpoint");
        block.set("document", signed(leaves()));
        block.putObject("leaf").put("streamId", leaf.streamId()).put("version", leaf.version())
                .put("hash", leaf.hash());
        block.put("index", inclusion.index());
        inclusion.proof().forEach(block.putArray("proof")::add);
        return integrity;
    }

    @Test
    void an_exports_checkpoint_block_holds_only_for_the_exported_incidents_head_under_the_issuers_key() {
        ChainCheckpoint.Leaf head = new ChainCheckpoint.Leaf("inc-a", 3, "a3".repeat(16));
        ChainCheckpoint.Check ok = ChainCheckpoint.checkExport(exportIntegrity(3, head.hash(), head), KEYS.published());
        assertThat(ok.valid()).isTrue();
        assertThat(ok.detail()).contains("checkpoint-7", "the export's head (event 3)");
        // an export built from more events than the checkpoint covers: the first three are covered
        assertThat(ChainCheckpoint.checkExport(exportIntegrity(5, "ee".repeat(32), head), KEYS.published()).detail())
                .contains("events 1 to 3 of the 5 exported");

        assertThat(ChainCheckpoint.checkExport(exportIntegrity(3, head.hash(), head), OTHER.published()).valid())
                .isFalse();
        assertThat(ChainCheckpoint.checkExport(exportIntegrity(3, "ff".repeat(32), head), KEYS.published()).detail())
                .contains("another hash");
        ChainCheckpoint.Leaf other = new ChainCheckpoint.Leaf("inc-b", 3, "b3".repeat(16));
        assertThat(ChainCheckpoint.checkExport(exportIntegrity(3, other.hash(), other), KEYS.published()).detail())
                .contains("not one of events 1 to 3 of incident inc-a");
        ObjectNode tampered = exportIntegrity(3, head.hash(), head);
        ((ObjectNode) tampered.path("checkpoint").path("leaf")).put("hash", "00".repeat(32));
        assertThat(ChainCheckpoint.checkExport(tampered, KEYS.published()).detail()).contains("inclusion proof fails");
        ObjectNode none = exportIntegrity(3, head.hash(), head);
        none.putNull("checkpoint");
        assertThat(ChainCheckpoint.checkExport(none, KEYS.published()).valid()).isFalse();
    }
}
