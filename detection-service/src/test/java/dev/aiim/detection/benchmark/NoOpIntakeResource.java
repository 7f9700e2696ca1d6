package dev.aiim.detection.benchmark;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The benchmark's baseline: the same HTTP stack and body, no authentication, storage or Kafka (test sources only). */
@Path("/benchmark/noop")
@PermitAll
public class NoOpIntakeResource {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response accept(byte[] body) {
        return Response.accepted().build();
    }
}
