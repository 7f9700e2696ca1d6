package dev.aiim.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.DetachedJws;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.PdfSigningKey;
import dev.aiim.integrity.SignedPdf;
import dev.aiim.integrity.SignedDocument;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a regulator export offline: {@code java -jar aiim-verify-export.jar --keys KEYS [--checkpoint-keys
 * CHECKPOINT_KEYS] EXPORT}. KEYS is the JWK Set reporting-service publishes ({@code /.well-known/jwks.json}), as a file
 * or its URL; CHECKPOINT_KEYS incident-service's, which signs the checkpoints of the event chains; EXPORT the export's
 * JSON, or its PDF (whose signature is checked, then the JSON it carries). Says what was checked and what does not
 * match; exits 0 when valid, 1 when not, 2 when it could not check.
 */
public final class VerifyExport {

    static final int VALID = 0;
    static final int INVALID = 1;
    static final int CANNOT_CHECK = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "usage: java -jar aiim-verify-export.jar --keys <reporting-service's"
            + " jwks.json | https://...> [--checkpoint-keys <incident-service's jwks.json | https://...>]"
            + " <export.json>";

    /** One line of the verdict: what was checked, whether it holds, and in words why. */
    record Finding(String check, boolean holds, String detail) {
    }

    private VerifyExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String keys = null;
        String checkpointKeys = null;
        String export = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keys") && i + 1 < args.length) {
                keys = args[++i];
            } else if (args[i].equals("--checkpoint-keys") && i + 1 < args.length) {
                checkpointKeys = args[++i];
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println(USAGE);
                return VALID;
            } else if (export == null && !args[i].startsWith("--")) {
                export = args[i];
            } else {
                err.println(USAGE);
                return CANNOT_CHECK;
            }
        }
        if (keys == null || export == null) {
            err.println(USAGE);
            return CANNOT_CHECK;
        }
        JsonNode document;
        Map<String, PublicKey> published;
        Map<String, PublicKey> issuer = null;
        Finding pdf = null;
        try {
            JsonNode jwks = JSON.readTree(read(keys));
            published = KeyRing.fromJwks(jwks);
            if (checkpointKeys != null) {
                issuer = KeyRing.fromJwks(JSON.readTree(read(checkpointKeys)));
            }
            byte[] bytes = Files.readAllBytes(Path.of(export));
            if (new String(bytes, 0, Math.min(5, bytes.length), StandardCharsets.ISO_8859_1).equals("%PDF-")) {
                // a PDF: its own signature (PAdES, the JWK Set's EC key and certificate), then the JSON it carries
                SignedPdf.Check check = SignedPdf.verify(bytes, PdfSigningKey.certificates(jwks));
                pdf = new Finding("pdf signature", check.valid(), check.detail());
                String file = export;
                bytes = SignedPdf.attachment(bytes).orElseThrow(() -> new IOException(file + " is a PDF without"
                        + " the JSON export attached"));
            }
            document = JSON.readTree(bytes);
        } catch (IOException | IllegalArgumentException | InterruptedException e) {
            err.println("Cannot check: " + e.getMessage());
            return CANNOT_CHECK;
        }
        if (published.isEmpty()) {
            err.println("Cannot check: " + keys + " holds no Ed25519 key");
            return CANNOT_CHECK;
        }
        List<Finding> findings = new ArrayList<>();
        if (pdf != null) {
            findings.add(pdf);
        }
        findings.addAll(verify(document, published, issuer));
        describe(document, out);
        findings.forEach(f -> out.println((f.holds() ? "  ok    " : "  FAIL  ") + f.check() + ": " + f.detail()));
        boolean valid = findings.stream().allMatch(Finding::holds);
        out.println(valid ? "VALID: the export is as the service signed it." : "NOT VALID: see FAIL above.");
        return valid ? VALID : INVALID;
    }

    /**
     * @param issuer incident-service's keys, which sign the checkpoints; null when not given (a checkpoint the export
     *               carries then cannot be checked, which fails the verdict)
     */
    static List<Finding> verify(JsonNode export, Map<String, PublicKey> published, Map<String, PublicKey> issuer) {
        List<Finding> findings = new ArrayList<>();
        if (export == null || !export.isObject()) {
            findings.add(new Finding("document", false, "not a JSON object: an export is the object the service"
                    + " answered"));
            return findings;
        }
        DetachedJws.Check signature = SignedDocument.verify(export, published);
        findings.add(new Finding("signature", signature.valid(), signature.reason()));
        JsonNode integrity = export.path("integrity");
        boolean complete = integrity.hasNonNull("incidentId") && integrity.hasNonNull("eventCount")
                && integrity.hasNonNull("headHash");
        findings.add(new Finding("integrity block", complete, complete
                ? "built from events 1 to " + integrity.get("eventCount").asText() + " of incident "
                + integrity.get("incidentId").asText() + ", head hash " + integrity.get("headHash").asText()
                : "incidentId, eventCount or headHash is missing"));
        if (complete) {
            findings.add(checkpoint(integrity, issuer));
        }
        return findings;
    }

    /** The signed checkpoint of incident-service the export names: absent is said, present must hold. */
    private static Finding checkpoint(JsonNode integrity, Map<String, PublicKey> issuer) {
        JsonNode block = integrity.path("checkpoint");
        if (block.isMissingNode() || block.isNull()) {
            return new Finding("checkpoint", true, "none: no checkpoint covered the incident when it was exported, so"
                    + " only the export's signature vouches for its chain");
        }
        if (issuer == null) {
            return new Finding("checkpoint", false, "the export names checkpoint "
                    + block.path("document").path("id").asText("?") + "; give incident-service's published keys"
                    + " (--checkpoint-keys) to check it");
        }
        ChainCheckpoint.Check check = ChainCheckpoint.checkExport(integrity, issuer);
        return new Finding("checkpoint", check.valid(), check.detail());
    }

    private static void describe(JsonNode export, PrintStream out) {
        out.println("Export: " + export.path("regime").asText("?") + ", stage " + export.path("stage").asText("?")
                + ", incident " + export.path("integrity").path("incidentId").asText("?") + ", exported "
                + export.path("exportedAt").asText("?"));
    }

    private static String read(String keys) throws IOException, InterruptedException {
        if (keys.startsWith("https://") || keys.startsWith("http://")) {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(keys)).timeout(Duration.ofSeconds(30)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(keys + " answered " + response.statusCode());
            }
            return response.body();
        }
        return Files.readString(Path.of(keys));
    }
}
