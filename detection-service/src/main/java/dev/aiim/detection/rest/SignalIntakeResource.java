package dev.aiim.detection.rest;

import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import dev.aiim.detection.service.SignalIntake;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Generic JSON intake, for a GENERIC integration's bearer token or signature. Answers 202 only once the
 * detection is acknowledged by Kafka; 503 with Retry-After when the broker cannot take it (nothing is
 * stored then).
 */
@Path("/api/v1/intake/signals")
@Tag(name = "Intake")
public class SignalIntakeResource {

    /** Signed requests: {@code X-AIIM-Signature: v1=<hex>} over {@code X-AIIM-Timestamp + "." + body}. */
    public static final String SIGNATURE = "X-AIIM-Signature";
    public static final String TIMESTAMP = "X-AIIM-Timestamp";
    /** Optional with a signature: which integration signed (else every active one of the type is tried). */
    public static final String INTEGRATION = "X-AIIM-Integration";

    private final SignalIntake intake;
    private final Integrations integrations;
    private final IntakeBodies bodies;

    public SignalIntakeResource(SignalIntake intake, Integrations integrations, IntakeBodies bodies) {
        this.intake = intake;
        this.integrations = integrations;
        this.bodies = bodies;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Raise a detection from a generic JSON signal (integration credentials)")
    public Uni<Response> raise(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               @HeaderParam(SIGNATURE) String signature, @HeaderParam(TIMESTAMP) String timestamp,
                               @HeaderParam(INTEGRATION) String integrationId) {
        return integrations.authenticate(IntegrationType.GENERIC, authorization, signature, timestamp, integrationId,
                        body)
                .chain(integration -> intake.raise(bodies.read(body, SignalIntakeRequest.class), integration))
                .map(id -> Response.accepted(new IntakeAccepted(1, List.of(id))).build());
    }
}
