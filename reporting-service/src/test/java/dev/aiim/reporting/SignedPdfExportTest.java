package dev.aiim.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.SignedDocument;
import dev.aiim.reporting.domain.HistoryBuilder;
import dev.aiim.reporting.rendering.PdfAConformance;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.aiim.reporting.IncidentEvents.produce;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A regulator export as PDF is a PDF/A-3 (veraPDF finds no rule broken, attachment and signature included), signed
 * (PAdES, ECDSA P-256 with the certificate the service publishes in its JWK Set)
 * and carries the signed JSON export: poppler's {@code pdfsig}, which knows nothing of ours, says the signature is
 * valid, and a changed byte makes it not.
 */
@QuarkusTest
class SignedPdfExportTest {

    private static String pdfsig(byte[] pdf) throws Exception {
        Path file = Files.createTempFile("export", ".pdf");
        try {
            Files.write(file, pdf);
            Process process;
            try {
                process = new ProcessBuilder("pdfsig", file.toString()).redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("pdfsig (Debian's poppler-utils) is missing: deploy/local/platform test"
                        + " installs it", e);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    @TestSecurity(user = "rhea", roles = "regulator")
    void the_pdf_is_signed_as_pdf_readers_check_and_carries_the_signed_json() throws Exception {
        String incident = "inc-pdf-" + UUID.randomUUID().toString().substring(0, 8);
        List<IncidentEvent> events = new HistoryBuilder(incident, "sys-" + incident, false)
                .opened(null, "2026-11-24T08:05:00Z", DetectionSource.STAKEHOLDER_REPORT)
                .triaged("2026-11-24T08:20:00Z", Severity.SEV2).events();
        produce(events);
        await("reporting has the incident").atMost(Duration.ofSeconds(30)).until(() -> given()
                .get("/api/v1/incidents/" + incident + "/exports/nis2").then().extract().statusCode() == 200);

        byte[] pdf = given().queryParam("format", "pdf").get("/api/v1/incidents/" + incident + "/exports/nis2")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();

        assertThat(PdfAConformance.violations(pdf)).as("PDF/A-3a rules the signed PDF breaks").isEmpty();
        String verdict = pdfsig(pdf);
        assertThat(verdict).contains("Signature Validation: Signature is Valid.", "ETSI.CAdES.detached",
                "Signature Type: ETSI.CAdES.detached");
        JsonNode jwks = EventJson.mapper().readTree(given().auth().none().get("/.well-known/jwks.json").then()
                .statusCode(200).extract().asString());
        JsonNode ecKey = null;
        for (JsonNode key : jwks.get("keys")) {
            if ("EC".equals(key.path("kty").asText())) {
                ecKey = key;
            }
        }
        assertThat(ecKey).as("the PDF signing key in the JWK Set").isNotNull();
        assertThat(ecKey.path("crv").asText()).isEqualTo("P-256");
        X509Certificate published = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(ecKey.at("/x5c/0").asText())));
        assertThat(verdict).contains(published.getSubjectX500Principal().getName().replace("CN=", ""));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<PDSignature> signatures = document.getSignatureDictionaries();
            assertThat(signatures).hasSize(1);
            int[] range = signatures.get(0).getByteRange();
            assertThat(range[2] + range[3]).as("the signature covers the whole file").isEqualTo(pdf.length);
            PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
            PDComplexFileSpecification attachment = names.getEmbeddedFiles().getNames()
                    .get(incident + "-nis2.json");
            JsonNode attached = EventJson.mapper().readTree(attachment.getEmbeddedFile().toByteArray());
            assertThat(SignedDocument.verify(attached, KeyRing.fromJwks(jwks)).valid())
                    .as("the attached JSON is the export as signed").isTrue();
            assertThat(attached.at("/integrity/incidentId").asText()).isEqualTo(incident);
            assertThat(attached.at("/regime").asText()).isEqualTo("nis2");
        }

        // one byte changed inside what the signature covers, and pdfsig no longer says valid
        byte[] tampered = pdf.clone();
        int at = new String(pdf, StandardCharsets.ISO_8859_1).indexOf("/Producer");
        tampered[at > 0 ? at + 2 : 200] ^= 1;
        assertThat(pdfsig(tampered)).doesNotContain("Signature is Valid.");
    }
}
