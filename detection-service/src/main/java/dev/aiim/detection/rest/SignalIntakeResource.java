package dev.aiim.detection.rest;

import dev.aiim.detection.service.SignalIntake;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Generic JSON intake. Answers 202 only once the detection is acknowledged by Kafka; 503 with
 * Retry-After when the broker cannot take it (nothing is stored then).
 */
@Path("/api/v1/intake/signals")
@Tag(name = "Intake")
public class SignalIntakeResource {

    private final SignalIntake intake;
    private final SecurityIdentity identity;

    public SignalIntakeResource(SignalIntake intake, SecurityIdentity identity) {
        this.intake = intake;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Raise a detection from a generic JSON signal")
    public Uni<Response> raise(@Valid @NotNull SignalIntakeRequest signal) {
        return intake.raise(signal, identity.getPrincipal().getName())
                .map(id -> Response.accepted(new IntakeAccepted(1, java.util.List.of(id))).build());
    }
}
