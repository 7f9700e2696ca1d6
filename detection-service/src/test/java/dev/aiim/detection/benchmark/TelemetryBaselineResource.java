package dev.aiim.detection.benchmark;

import dev.aiim.detection.rest.IntakeBodies;
import dev.aiim.detection.rest.TelemetryResource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The telemetry benchmark's baseline (test sources only): the same body parsed into the same records,
 * then stored as one row, and nothing else: no authentication, validation, id claims, minute counts or
 * monitors.
 */
@Path("/benchmark/telemetry-baseline/{systemId}")
@PermitAll
public class TelemetryBaselineResource {

    private final IntakeBodies bodies;
    private final Pool pool;

    public TelemetryBaselineResource(IntakeBodies bodies, Pool pool) {
        this.bodies = bodies;
        this.pool = pool;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> store(@PathParam("systemId") String systemId, byte[] body) {
        int records = bodies.read(body, TelemetryResource.PredictionBatch.class).records().size();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery("insert into prediction_batch (system_id, received_at, first_at, last_at, records, body)"
                        + " values ($1, $2, $2, $2, $3, $4)")
                .execute(Tuple.of(systemId, now, records, io.vertx.core.buffer.Buffer.buffer(body)))
                .map(rows -> Response.accepted().build());
    }
}
