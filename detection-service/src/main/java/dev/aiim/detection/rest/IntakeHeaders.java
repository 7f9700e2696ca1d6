package dev.aiim.detection.rest;

import dev.aiim.detection.domain.Integration;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The credentials an intake request may carry: {@code Authorization: Bearer <token>}, or a signature
 * {@code X-AIIM-Signature: v1=<hex>} over {@code X-AIIM-Timestamp + "." + body}, optionally naming the
 * integration that signed ({@code X-AIIM-Integration}; else every active one of the type is tried).
 */
public class IntakeHeaders {

    public static final String SIGNATURE = "X-AIIM-Signature";
    public static final String TIMESTAMP = "X-AIIM-Timestamp";
    public static final String INTEGRATION = "X-AIIM-Integration";

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @HeaderParam(SIGNATURE)
    String signature;

    @HeaderParam(TIMESTAMP)
    String timestamp;

    @HeaderParam(INTEGRATION)
    String integrationId;

    /** The signature the request was authenticated by: null when it carried a bearer token (or no signature). */
    String signatureIfSigned() {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? null : signature;
    }

    /** The active integration of {@code type} these headers prove the sender to be, or 401. */
    Uni<Integration> authenticate(Integrations integrations, IntegrationType type, byte[] body) {
        return Uni.createFrom().item(() -> integrations.authenticate(type, authorization, signature, timestamp,
                integrationId, body));
    }
}
