package dev.aiim.detection.rest;

import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import dev.aiim.detection.service.SignalIntake;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
    public Uni<Response> raise(byte[] body, @BeanParam IntakeHeaders credentials) {
        return credentials.authenticate(integrations, IntegrationType.GENERIC, body)
                .chain(integration -> intake.raise(bodies.read(body, SignalIntakeRequest.class), integration,
                        credentials.signatureIfSigned()))
                .map(ids -> Response.accepted(new IntakeAccepted(ids.size(), ids)).build());
    }
}
