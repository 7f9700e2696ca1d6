package dev.aiim.detection.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

import static dev.aiim.platform.persistence.SqlRows.utc;

/** The {@code intake_signature} table: signed requests seen, through the client (a transaction) it is given. */
@ApplicationScoped
public class IntakeSignatureRepository {

    /**
     * Remembers that the request {@code requestId} carried this signature, unless another did first; answers the
     * request that carried it first (an alert of any other request with the signature is a replay).
     */
    public Uni<String> firstRequest(SqlClient client, String integrationId, String signatureHash, String requestId,
                                    Instant at) {
        return client.preparedQuery("insert into intake_signature (integration_id, signature_hash, seen_at, request_id)"
                        + " values ($1, $2, $3, $4) on conflict (integration_id, signature_hash) do update"
                        + " set request_id = coalesce(intake_signature.request_id, excluded.request_id)"
                        + " returning request_id")
                .execute(Tuple.of(integrationId, signatureHash, utc(at), requestId))
                .map(rows -> rows.iterator().next().getString("request_id"));
    }

    /** Forgets signatures seen before {@code before}: their timestamps are outside the replay window by now. */
    public Uni<Void> forget(SqlClient client, Instant before) {
        return client.preparedQuery("delete from intake_signature where seen_at < $1")
                .execute(Tuple.of(utc(before))).replaceWithVoid();
    }
}
