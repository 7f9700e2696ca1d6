package dev.aiim.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.Ed25519;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.SignedDocument;
import dev.aiim.integrity.PdfSigningKey;
import dev.aiim.integrity.SignedPdf;
import dev.aiim.integrity.SigningKey;
import dev.aiim.integrity.TimeStamps;
import dev.aiim.integrity.testing.TimeStampAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyRing service = KeyRing.ephemeral();
    private final KeyRing incidentService = KeyRing.ephemeral();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ObjectNode export() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"regime": "eu-ai-act-art73", "stage": "COMPLETE", "exportedAt": "2026-12-07T08:00:00Z",
                 "harm": {"affectedPersons": 1200},
                 "integrity": {"incidentId": "inc-1", "eventCount": 42, "headHash": "%s"}}"""
                .formatted("ab".repeat(32)));
    }

    private int verify(Path dir, ObjectNode document) throws Exception {
        Path keys = dir.resolve("jwks.json");
        Files.writeString(keys, service.jwks().toString());
        Path checkpointKeys = dir.resolve("incident-jwks.json");
        Files.writeString(checkpointKeys, incidentService.jwks().toString());
        Path file = dir.resolve("export.json");
        Files.writeString(file, document.toPrettyString());
        return VerifyExport.run(new String[]{"--keys", keys.toString(), "--checkpoint-keys", checkpointKeys.toString(),
                file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The export with a checkpoint of incident-service covering its head (event 42 of inc-1). */
    private ObjectNode anchored() throws Exception {
        ObjectNode export = export();
        List<ChainCheckpoint.Leaf> leaves = List.of(new ChainCheckpoint.Leaf("inc-1", 42, "ab".repeat(32)),
                new ChainCheckpoint.Leaf("inc-2", 7, "cd".repeat(32)),
                new ChainCheckpoint.Leaf("inc-3", 1, "ef".repeat(32)));
        ObjectNode checkpoint = ((ObjectNode) export.get("integrity")).putObject("checkpoint");
        checkpoint.set("document", SignedDocument.sign(ChainCheckpoint.document("checkpoint-00000009-abc", 9,
                "incident-service", java.time.Instant.parse("2026-12-07T07:55:00Z"), leaves, null, null),
                incidentService.active()));
        ChainCheckpoint.Inclusion inclusion = ChainCheckpoint.inclusion(leaves, "inc-1", 42).orElseThrow();
        checkpoint.set("leaf", JSON.valueToTree(leaves.get(0)));
        checkpoint.put("index", inclusion.index());
        inclusion.proof().forEach(checkpoint.putArray("proof")::add);
        return export;
    }

    @Test
    void an_export_with_its_checkpoint_is_valid_and_a_checkpoint_that_does_not_hold_is_not(@TempDir Path dir)
            throws Exception {
        assertThat(verify(dir, SignedDocument.sign(anchored(), service.active()))).isEqualTo(VerifyExport.VALID);
        assertThat(said()).contains("ok    checkpoint: checkpoint checkpoint-00000009-abc of 2026-12-07T07:55:00Z,"
                + " signed by incident-service", "covers the export's head (event 42)");
        out.reset();
        // time-stamped by an authority: the stamp is checked and named
        ObjectNode stamped = anchored();
        try (TimeStampAuthority tsa = new TimeStampAuthority("Test TSA")) {
            ((ObjectNode) stamped.at("/integrity/checkpoint")).put("timestamp", TimeStamps.stamp(
                    java.net.http.HttpClient.newHttpClient(), tsa.start(), ChainCheckpoint.digest(
                            stamped.at("/integrity/checkpoint/document")), java.time.Duration.ofSeconds(10)));
        }
        assertThat(verify(dir, SignedDocument.sign(stamped, service.active()))).isEqualTo(VerifyExport.VALID);
        assertThat(said()).contains("time-stamped at", "by CN=Test TSA");
        out.reset();
        // the export's own key cannot stand in for incident-service's, however the checkpoint was re-signed
        ObjectNode resigned = anchored();
        ObjectNode document = (ObjectNode) resigned.at("/integrity/checkpoint/document");
        ((ObjectNode) resigned.at("/integrity/checkpoint")).set("document", SignedDocument.sign(document,
                service.active()));
        assertThat(verify(dir, SignedDocument.sign(resigned, service.active()))).isEqualTo(VerifyExport.INVALID);
        assertThat(said()).contains("FAIL  checkpoint:");
    }

    private String said() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void an_export_as_signed_is_valid() throws Exception {
        assertThat(verify(Files.createTempDirectory("v"), SignedDocument.sign(export(), service.active())))
                .isEqualTo(VerifyExport.VALID);
        assertThat(said()).contains("ok    signature: Signed with key " + service.active().kid(),
                "built from events 1 to 42 of incident inc-1", "VALID");
    }

    @Test
    void one_character_changed_is_not_valid(@TempDir Path dir) throws Exception {
        String signed = SignedDocument.sign(export(), service.active()).toString();
        ObjectNode tampered = (ObjectNode) JSON.readTree(signed.replace("1200", "1201"));
        assertThat(verify(dir, tampered)).isEqualTo(VerifyExport.INVALID);
        assertThat(said()).contains("FAIL  signature: The signature does not match the content", "NOT VALID");
    }

    @Test
    void a_forgery_resigned_with_another_key_is_not_valid(@TempDir Path dir) throws Exception {
        KeyPair other = Ed25519.generate();
        ObjectNode forged = SignedDocument.sign(export().put("stage", "INITIAL"),
                new SigningKey(service.active().kid(), other.getPrivate(), other.getPublic()));
        assertThat(verify(dir, forged)).isEqualTo(VerifyExport.INVALID);
    }

    @Test
    void without_keys_or_with_an_unreadable_file_it_cannot_check(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(VerifyExport.run(new String[]{"export.json"}, quiet, quiet)).isEqualTo(VerifyExport.CANNOT_CHECK);
        assertThat(VerifyExport.run(new String[]{"--keys", dir.resolve("missing.json").toString(), "x.json"}, quiet,
                quiet)).isEqualTo(VerifyExport.CANNOT_CHECK);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:", "Cannot check");
    }

    @Test
    void a_signed_pdf_is_checked_then_the_json_it_carries(@TempDir Path dir) throws Exception {
        PdfSigningKey pdfKey = PdfSigningKey.generate("Test reporting-service");
        ObjectNode jwks = service.jwks();
        ((com.fasterxml.jackson.databind.node.ArrayNode) jwks.get("keys")).add(pdfKey.jwk());
        Path keys = dir.resolve("jwks.json");
        Files.writeString(keys, jwks.toString());
        byte[] blank;
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument()) {
            document.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            ByteArrayOutputStream pdf = new ByteArrayOutputStream();
            document.save(pdf);
            blank = pdf.toByteArray();
        }
        byte[] signed = SignedPdf.sign(blank, "inc-1-eu-ai-act-art73.json", SignedDocument.sign(export(),
                service.active()).toString().getBytes(StandardCharsets.UTF_8), pdfKey, "test",
                java.time.Instant.now());
        Path file = dir.resolve("export.pdf");
        Files.write(file, signed);
        int status = VerifyExport.run(new String[]{"--keys", keys.toString(), file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(said()).isEqualTo(VerifyExport.VALID);
        assertThat(said()).contains("ok    pdf signature: signed ETSI.CAdES.detached by CN=Test reporting-service",
                "ok    signature: Signed with key " + service.active().kid());

        out.reset();
        byte[] tampered = signed.clone();
        tampered[100] ^= 1;
        Files.write(file, tampered);
        VerifyExport.run(new String[]{"--keys", keys.toString(), file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(said()).contains("FAIL  pdf signature");
    }
}
