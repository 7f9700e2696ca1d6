package dev.aiim.platform.deadletter;

import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Every service's dead letters (admin): what its consumers parked and why, and a re-drive once the cause is
 * fixed. The Kafka clients block, so these methods run on worker threads (they return plain values).
 */
@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Dead letters")
public class DeadLetterResource {

    /** The newest parked messages of the service's dead-letter topic. */
    public record DeadLetterList(String topic, List<DeadLetters.DeadLetter> items) {
    }

    private final DeadLetters deadLetters;
    private final SecurityIdentity identity;

    public DeadLetterResource(DeadLetters deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The newest parked messages (limit per partition and in all, 1 to 500), newest first")
    public DeadLetterList list(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidRequestException("limit", "must be 1 to 500");
        }
        return new DeadLetterList(deadLetters.topic(), deadLetters.newest(limit));
    }

    @GET
    @Path("/{partition}/{offset}")
    @Operation(summary = "One parked message: its origin, the reason it was parked, its headers and value")
    public DeadLetters.DeadLetter get(@PathParam("partition") int partition, @PathParam("offset") long offset) {
        return deadLetters.find(partition, offset).orElseThrow(() -> notFound(partition, offset));
    }

    @POST
    @Path("/{partition}/{offset}/redrive")
    @Operation(summary = "Put a parked message back on the topic it came from (its consumer applies it once)")
    public DeadLetters.Redriven redrive(@PathParam("partition") int partition, @PathParam("offset") long offset) {
        return deadLetters.redrive(partition, offset, identity.getPrincipal().getName())
                .orElseThrow(() -> notFound(partition, offset));
    }

    private ResourceNotFoundException notFound(int partition, long offset) {
        return new ResourceNotFoundException("Dead letter", deadLetters.topic() + "/" + partition + "/" + offset);
    }
}
