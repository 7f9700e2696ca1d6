package dev.aiim.detection.rest;

import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.AlertIntake;
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
 * Generic JSON intake, for a GENERIC integration's bearer token or signature. Answers 202 once the signal is on
 * {@code aiim.alerts.v1}; 503 with Retry-After when the broker does not take it in time (send it again).
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
    @Operation(summary = "Accept a generic JSON signal, which raises a detection (integration credentials)")
    public Uni<Response> raise(byte[] body, @BeanParam IntakeHeaders credentials) {
        return credentials.authenticate(integrations, IntegrationType.GENERIC, body)
                .chain(integration -> intake.accept(bodies.read(body, SignalIntakeRequest.class), integration,
                        credentials.signatureIfSigned()))
                .map(accepted -> Response.accepted(SignalAccepted.of(accepted)).build());
    }

    /**
     * 202 answer: the signal is on Kafka. {@code detectionIds} names its detection when the signal carries both
     * {@code dedupKey} and {@code occurredAt}; {@code GET /api/v1/detections?dedupKey=} says what became of any.
     */
    public record SignalAccepted(boolean accepted, String alertId, List<String> detectionIds) {

        static SignalAccepted of(AlertIntake.Accepted accepted) {
            return new SignalAccepted(!accepted.alertIds().isEmpty(),
                    accepted.alertIds().isEmpty() ? null : accepted.alertIds().get(0), accepted.detectionIds());
        }
    }
}
