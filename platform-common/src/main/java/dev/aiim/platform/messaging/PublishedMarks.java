package dev.aiim.platform.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A relay's note of what it has sent (outbox rows marked published, a checkpoint moved) commits without waiting
 * for PostgreSQL to flush it to disk. Losing that note in a crash only sends the same messages again, under the
 * same ids, which consumers drop; waiting for the flush cost a disk write per relayed batch on the path of every
 * alert. Everything else keeps synchronous commits.
 */
public final class PublishedMarks {

    private PublishedMarks() {
    }

    /** In the relay's transaction, before its marks: this transaction alone commits without the flush. */
    public static Uni<Void> unflushed(SqlClient client) {
        return client.query("set local synchronous_commit = off").execute().replaceWithVoid();
    }
}
