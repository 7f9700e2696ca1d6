package dev.aiim.integrity;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;

/**
 * RFC 3161 time-stamps: a time-stamping authority (TSA) signs that a SHA-256 digest existed at a time. A checkpoint's
 * digest stamped by a TSA outside the operator's hands dates it independently of anything the operator holds: even
 * incident-service's own key could not back-date a rewritten history past a stamped checkpoint.
 */
public final class TimeStamps {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What checking a token found: when and by whom it was stamped, or what does not hold. */
    public record Check(boolean valid, Instant stampedAt, String authority, String detail) {
    }

    private TimeStamps() {
    }

    /** Asks the TSA at {@code url} to stamp the SHA-256 digest (hex); answers the token, base64 DER. */
    public static String stamp(HttpClient http, URI url, String sha256Hex, Duration timeout)
            throws IOException, InterruptedException {
        byte[] digest = HexFormat.of().parseHex(sha256Hex);
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(NISTObjectIdentifiers.id_sha256, digest,
                new BigInteger(64, RANDOM));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("the time-stamping authority answered " + response.statusCode());
        }
        try {
            TimeStampResponse answer = new TimeStampResponse(response.body());
            answer.validate(request);
            TimeStampToken token = answer.getTimeStampToken();
            if (token == null) {
                throw new IOException("the time-stamping authority refused: " + answer.getStatusString());
            }
            return Base64.getEncoder().encodeToString(token.getEncoded());
        } catch (TSPException e) {
            throw new IOException("the time-stamping authority's answer does not hold: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the token (base64 DER) stamps exactly this SHA-256 digest (hex) and is signed by the certificate it
     * carries. Whether that certificate is a TSA the reader trusts is the reader's to decide: {@code authority} names
     * it.
     */
    public static Check verify(String token, String sha256Hex) {
        try {
            TimeStampToken parsed = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(
                    Base64.getDecoder().decode(token)));
            byte[] imprint = parsed.getTimeStampInfo().getMessageImprintDigest();
            Instant at = parsed.getTimeStampInfo().getGenTime().toInstant();
            if (!NISTObjectIdentifiers.id_sha256.equals(parsed.getTimeStampInfo().getMessageImprintAlgOID())
                    || !MessageDigest.isEqual(imprint, HexFormat.of().parseHex(sha256Hex))) {
                return new Check(false, at, null, "the time-stamp is of another digest");
            }
            Store<X509CertificateHolder> certificates = parsed.getCertificates();
            Collection<X509CertificateHolder> matching = certificates.getMatches(parsed.getSID());
            if (matching.isEmpty()) {
                return new Check(false, at, null, "the time-stamp carries no certificate of its signer");
            }
            X509CertificateHolder signer = matching.iterator().next();
            SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder().build(signer);
            parsed.validate(verifier);
            String authority = signer.getSubject().toString();
            return new Check(true, at, authority, "time-stamped at " + at + " by " + authority);
        } catch (TSPException e) {
            return new Check(false, null, null, "the time-stamp's signature does not hold: " + e.getMessage());
        } catch (Exception e) {
            return new Check(false, null, null, "not a time-stamp token: " + e.getMessage());
        }
    }
}
