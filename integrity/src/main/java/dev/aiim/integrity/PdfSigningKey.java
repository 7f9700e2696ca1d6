package dev.aiim.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/**
 * The key a service signs its PDFs with: ECDSA P-256 and its X.509 certificate, because PDF readers (poppler's
 * {@code pdfsig}, Acrobat) verify those and not yet Ed25519. Read from {@value #FILE} in the signing key directory:
 * a PKCS#8 {@code PRIVATE KEY} and its {@code CERTIFICATE}, as {@code openssl req -x509 -newkey ec ...} writes them.
 * Its public half goes into the service's JWK Set with the certificate ({@code x5c}).
 */
public record PdfSigningKey(String kid, PrivateKey privateKey, X509Certificate certificate) {

    public static final String FILE = "pdf-signing.pem";

    /** Reads the key and certificate from a PEM file. */
    public static PdfSigningKey load(Path file) {
        try {
            String pem = Files.readString(file);
            byte[] key = Ed25519.pemBlock(pem, "PRIVATE KEY");
            byte[] certificate = Ed25519.pemBlock(pem, "CERTIFICATE");
            if (key == null || certificate == null) {
                throw new IllegalStateException("PDF signing key file " + file + " must hold a PRIVATE KEY (PKCS#8,"
                        + " EC P-256) and its CERTIFICATE");
            }
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key));
            return of(privateKey, cert);
        } catch (IOException e) {
            throw new UncheckedIOException("PDF signing key file " + file + " cannot be read", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("PDF signing key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A key and self-issued certificate made up here (development, tests, the local platform's first start). */
    public static PdfSigningKey generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            // built, not parsed: a name may hold commas
            X500Name subject = new org.bouncycastle.asn1.x500.X500NameBuilder(
                    org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
                    .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, commonName).build();
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new java.security.SecureRandom()),
                            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3 * 365))),
                            subject, pair.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                                    | KeyUsage.nonRepudiation))
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return of(pair.getPrivate(), certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a PDF signing key", e);
        }
    }

    private static PdfSigningKey of(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        if (!(certificate.getPublicKey() instanceof ECPublicKey ec) || ec.getParams().getCurve().getField()
                .getFieldSize() != 256) {
            throw new IllegalStateException("the PDF signing certificate's key is not EC P-256");
        }
        byte[] thumbprint = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return new PdfSigningKey("pdf-" + HexFormat.of().formatHex(thumbprint, 0, 8), key, certificate);
    }

    /** The public key as a JWK (RFC 7518 EC, P-256) with its certificate ({@code x5c}), for the JWK Set. */
    public ObjectNode jwk() {
        ECPublicKey key = (ECPublicKey) certificate.getPublicKey();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        try {
            ObjectNode jwk = new ObjectMapper().createObjectNode().put("kty", "EC").put("crv", "P-256")
                    .put("kid", kid).put("use", "sig").put("alg", "ES256")
                    .put("x", url.encodeToString(unsigned(key.getW().getAffineX())))
                    .put("y", url.encodeToString(unsigned(key.getW().getAffineY())));
            jwk.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            return jwk;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificates ({@code x5c}, the first of each) of a JWK Set's EC keys: the PDF signing keys it publishes. */
    public static java.util.List<X509Certificate> certificates(com.fasterxml.jackson.databind.JsonNode jwks) {
        java.util.List<X509Certificate> found = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode key : jwks.path("keys")) {
            if ("EC".equals(key.path("kty").asText()) && key.path("x5c").isArray() && !key.path("x5c").isEmpty()) {
                try {
                    found.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(key.path("x5c").get(0).asText()))));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    // not a certificate: not a key that checks anything
                }
            }
        }
        return found;
    }

    /** The key and certificate as the PEM file {@link #load} reads. */
    public String pem() {
        try {
            Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(privateKey.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n"
                    + mime.encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A P-256 coordinate as exactly 32 bytes, big-endian. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == 32) {
            return bytes;
        }
        byte[] fixed = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return bytes.length > 32 ? Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length) : fixed;
    }
}
