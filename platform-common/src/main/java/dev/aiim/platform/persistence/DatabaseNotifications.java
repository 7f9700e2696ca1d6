package dev.aiim.platform.persistence;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * PostgreSQL LISTEN/NOTIFY for work that waits on a commit: a trigger (or the transaction itself) notifies a channel,
 * and PostgreSQL delivers the notification when that transaction commits, to every instance listening. One
 * connection held for the purpose; when it is lost it is opened again after a second, and every listener is told
 * (a notification may have been missed meanwhile). Listeners run on the event loop and must only hand the work on.
 */
@ApplicationScoped
public class DatabaseNotifications {

    private static final Logger LOG = Logger.getLogger(DatabaseNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final long RECONNECT_MS = 1_000;

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private PgConnection connection;
    private boolean connecting;
    private volatile boolean stopped;

    public DatabaseNotifications(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** Calls {@code listener} for every notification on {@code channel} from now on (and after a reconnection). */
    public synchronized void listen(String channel, Runnable listener) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        boolean first = !listeners.containsKey(channel);
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        if (connection != null && first) {
            connection.query("LISTEN " + channel).execute().subscribe().with(ok -> { },
                    failure -> LOG.warnf("LISTEN %s failed: %s", channel, failure.getMessage()));
        } else if (connection == null && !connecting) {
            connect();
        }
    }

    /** Whether notifications are being received now (a listener connection is open). */
    public synchronized boolean listening() {
        return connection != null;
    }

    private synchronized void connect() {
        if (stopped) {
            return;
        }
        connecting = true;
        pool.getConnection().subscribe().with(this::connected, failure -> {
            LOG.debugf("No connection to listen for notifications on, trying again: %s", failure.getMessage());
            retry();
        });
    }

    private void connected(io.vertx.mutiny.sqlclient.SqlConnection sql) {
        PgConnection pg = PgConnection.cast(sql);
        pg.notificationHandler(notification -> fire(notification.getChannel()));
        pg.closeHandler(() -> {
            synchronized (this) {
                if (connection == pg) {
                    connection = null;
                }
            }
            LOG.debug("The notification connection closed; opening another");
            retry();
        });
        Set<String> channels;
        synchronized (this) {
            channels = Set.copyOf(listeners.keySet());
        }
        pg.query(listenTo(channels)).execute().subscribe().with(ok -> {
            Set<String> since = new HashSet<>();
            synchronized (this) {
                connection = pg;
                connecting = false;
                // a channel first listened to while this connection was being opened: listen to it too
                listeners.keySet().stream().filter(c -> !channels.contains(c)).forEach(since::add);
            }
            if (!since.isEmpty()) {
                pg.query(listenTo(since)).execute().subscribe().with(x -> { },
                        failure -> LOG.warnf("LISTEN %s failed: %s", since, failure.getMessage()));
            }
            listeners.keySet().forEach(this::fire); // whatever happened while nobody listened
        }, failure -> {
            LOG.warnf("LISTEN failed: %s", failure.getMessage());
            pg.close().subscribe().with(x -> { }, x -> { });
            retry();
        });
    }

    private static String listenTo(Set<String> channels) {
        return String.join("; ", channels.stream().map(c -> "LISTEN " + c).toList());
    }

    private void retry() {
        synchronized (this) {
            connecting = true;
        }
        if (!stopped) {
            vertx.setTimer(RECONNECT_MS, id -> connect());
        }
    }

    private void fire(String channel) {
        for (Runnable listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warnf("A listener of %s failed: %s", channel, e.getMessage());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgConnection open;
        synchronized (this) {
            open = connection;
            connection = null;
        }
        if (open != null) {
            open.close().subscribe().with(x -> { }, x -> { });
        }
    }
}
