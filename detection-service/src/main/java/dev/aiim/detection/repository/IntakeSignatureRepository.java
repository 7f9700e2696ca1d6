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

    /** Remembers a signature; false when it was seen before (a replay). */
    public Uni<Boolean> firstSeen(SqlClient client, String integrationId, String signatureHash, Instant at) {
        return client.preparedQuery("insert into intake_signature (integration_id, signature_hash, seen_at)"
                        + " values ($1, $2, $3) on conflict do nothing")
                .execute(Tuple.of(integrationId, signatureHash, utc(at)))
                .map(result -> result.rowCount() == 1);
    }

    /** Forgets signatures seen before {@code before}: their timestamps are outside the replay window by now. */
    public Uni<Void> forget(SqlClient client, Instant before) {
        return client.preparedQuery("delete from intake_signature where seen_at < $1")
                .execute(Tuple.of(utc(before))).replaceWithVoid();
    }
}
