package dev.aiim.integrity;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * A rendered PDF made into the signed document a regulator files: the export's JSON attached (the machine-readable
 * record the PDF shows, as an associated file), and a PAdES signature (ETSI.CAdES.detached, ECDSA P-256 with the
 * certificate, signing-certificate-v2, no signing-time attribute: the PDF's own time stands) over the whole file.
 * PDF readers and {@code pdfsig} check it with nothing of ours.
 */
public final class SignedPdf {

    private static final int SIGNATURE_SPACE = 16_384;

    private SignedPdf() {
    }

    public static byte[] sign(byte[] pdf, String attachmentName, byte[] json, PdfSigningKey key, String reason,
                              Instant at) {
        try {
            return signature(attached(pdf, attachmentName, json, at), key, reason, at);
        } catch (IOException e) {
            throw new UncheckedIOException("the PDF could not be signed", e);
        }
    }

    /** The PDF with the JSON embedded and named as its source data (PDF/A-3's associated file, /AF). */
    private static byte[] attached(byte[] pdf, String name, byte[] json, Instant at) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(json));
            file.setSubtype("application/json");
            file.setSize(json.length);
            file.setCreationDate(calendar(at));
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile(name);
            spec.setFileUnicode(name);
            spec.setEmbeddedFile(file);
            spec.setEmbeddedFileUnicode(file);
            spec.setFileDescription("The signed JSON export this document shows");
            spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Source");
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of(name, spec));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            document.getDocumentCatalog().setNames(names);
            COSArray associated = new COSArray();
            associated.add(spec);
            document.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("AF"), associated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] signature(byte[] pdf, PdfSigningKey key, String reason, Instant at) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName("ETSI.CAdES.detached"));
            signature.setName(key.certificate().getSubjectX500Principal().getName());
            signature.setReason(reason);
            signature.setSignDate(calendar(at));
            options.setPreferredSignatureSize(SIGNATURE_SPACE);
            document.addSignature(signature, content -> cms(content.readAllBytes(), key), options);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /** A detached CMS signature (PAdES baseline B) over the bytes the signature dictionary's byte range names. */
    private static byte[] cms(byte[] content, PdfSigningKey key) throws IOException {
        try {
            byte[] certificateHash = MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded());
            AttributeTable signingCertificate = new AttributeTable(new Attribute(
                    PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(new ESSCertIDv2(certificateHash)))));
            CMSAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator(signingCertificate);
            // PAdES: the claimed signing time is the PDF's /M, not a CMS attribute
            CMSAttributeTableGenerator attributes = parameters -> defaults.getAttributes(parameters)
                    .remove(CMSAttributes.signingTime);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build()).setSignedAttributeGenerator(attributes)
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.privateKey()), key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded();
        } catch (Exception e) {
            throw new IOException("CMS signature failed: " + e.getMessage(), e);
        }
    }

    /** What checking a signed PDF found. */
    public record Check(boolean valid, String detail) {
    }

    /**
     * Whether the PDF's (last) signature covers the whole file, holds, and was made with one of {@code certificates}
     * (the {@code x5c} of the service's JWK Set).
     */
    public static Check verify(byte[] pdf, List<X509Certificate> certificates) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<PDSignature> signatures = document.getSignatureDictionaries();
            if (signatures.isEmpty()) {
                return new Check(false, "the PDF is not signed");
            }
            PDSignature signature = signatures.get(signatures.size() - 1);
            int[] range = signature.getByteRange();
            if (range.length != 4 || range[0] != 0 || (long) range[2] + range[3] != pdf.length) {
                return new Check(false, "the signature does not cover the whole file (it was changed after signing)");
            }
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(pdf)),
                    signature.getContents(pdf));
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            for (X509Certificate certificate : certificates) {
                if (signer.getSID().match(new JcaX509CertificateHolder(certificate))) {
                    boolean holds = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
                    return holds ? new Check(true, "signed " + signature.getSubFilter() + " by "
                            + certificate.getSubjectX500Principal().getName() + " at "
                            + signature.getSignDate().toInstant())
                            : new Check(false, "the signature does not match the file's content");
                }
            }
            return new Check(false, "the PDF was signed with a certificate the given keys do not hold");
        } catch (Exception e) {
            return new Check(false, "the PDF's signature cannot be checked: " + e.getMessage());
        }
    }

    /** The attached JSON (the first embedded {@code .json} file), if the PDF carries one. */
    public static java.util.Optional<byte[]> attachment(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            var names = document.getDocumentCatalog().getNames();
            if (names == null || names.getEmbeddedFiles() == null || names.getEmbeddedFiles().getNames() == null) {
                return java.util.Optional.empty();
            }
            for (Map.Entry<String, PDComplexFileSpecification> file : names.getEmbeddedFiles().getNames()
                    .entrySet()) {
                if (file.getKey().endsWith(".json") && file.getValue().getEmbeddedFile() != null) {
                    return java.util.Optional.of(file.getValue().getEmbeddedFile().toByteArray());
                }
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static Calendar calendar(Instant at) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(at.toEpochMilli());
        return calendar;
    }
}
